import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackPayload } from './slack-json.js';
import { waitUntil } from './wait-until.js';

/** One Web API call as Slack would receive it. */
export interface ApiCall {
  method: string;
  params: SlackPayload;
  authorization: string | undefined;
  /** When it arrived (ms since epoch, real time). */
  at: number;
}

/** One POST to a response_url. */
export interface ResponseUrlPost {
  id: string;
  body: SlackPayload;
}

/** A scripted answer for the next call(s) of a method. */
export interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type Handler = (params: SlackPayload) => unknown;

/** The whole body of a request, as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Form fields as the WebClient sends them (nested values are JSON strings). */
function parseParams(raw: string, contentType: string | undefined): SlackPayload {
  if ((contentType ?? '').startsWith('application/json')) return JSON.parse(raw || '{}') as SlackPayload;
  const out: SlackPayload = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = /^[[{]/.test(v) ? (JSON.parse(v) as unknown) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

/**
 * A local stand-in for Slack: the Web API under `/api/<method>` (reached through SLACK_API_URL),
 * response URLs under `/respond/<id>` and file upload URLs under `/upload/<id>`. It records
 * everything it receives, answers like Slack does, and can be scripted to fail.
 */
export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly uploads: Array<{ id: string; body: string }> = [];
  private readonly scripted = new Map<string, Scripted[]>();
  private readonly handlers = new Map<string, Handler>();
  private readonly waiters = new Set<() => void>();
  private ts = 0;

  private constructor(
    private readonly server: Server,
    readonly base: string,
  ) {}

  /** Starts on a random loopback port. */
  static async start(): Promise<FakeSlack> {
    const ref: { fake?: FakeSlack } = {};
    const server = createServer((req, res) => {
      void ref.fake!.handle(req).then(({ status, headers, body }) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ref.fake = new FakeSlack(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return ref.fake;
  }

  /** What SLACK_API_URL is set to. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A response_url that records what is posted to it. */
  responseUrl(id: string): string {
    return `${this.base}/respond/${id}`;
  }

  /** Answers `method` with `fn(params)` from now on. */
  on(method: string, fn: Handler): this {
    this.handlers.set(method, fn);
    return this;
  }

  /** Answers the next call of `method` with `reply` instead of the normal answer. */
  script(method: string, reply: Scripted): this {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), reply]);
    return this;
  }

  /** Calls of one Web API method, oldest first. */
  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with `probe()`'s first non-undefined value, re-checked on every request received; rejects after `ms`. */
  waitFor<T>(what: string, probe: () => T | undefined, ms = 5000): Promise<T> {
    return waitUntil(this.waiters, what, probe, ms, () => `calls so far: ${this.calls.map((c) => c.method).join(', ') || 'none'}`);
  }

  /** Waits for the `n`-th (1-based) call of `method`. */
  waitForCall(method: string, n = 1): Promise<ApiCall> {
    return this.waitFor(`${method} #${n}`, () => this.callsTo(method)[n - 1]);
  }

  /** Waits for the `n`-th post to the response_url `id`. */
  waitForResponse(id: string, n = 1): Promise<ResponseUrlPost> {
    return this.waitFor(`response_url ${id} #${n}`, () => this.responses.filter((r) => r.id === id)[n - 1]);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', this.base).pathname;
    try {
      if (path.startsWith('/respond/')) {
        this.responses.push({ id: path.slice('/respond/'.length), body: JSON.parse(raw) as SlackPayload });
        return { status: 200, body: 'ok' };
      }
      if (path.startsWith('/upload/')) {
        this.uploads.push({ id: path.slice('/upload/'.length), body: raw });
        return { status: 200, body: `OK - ${raw.length}` };
      }
      const method = path.replace(/^\/api\//, '');
      this.calls.push({ method, params: parseParams(raw, req.headers['content-type']), authorization: req.headers.authorization, at: Date.now() });
      const queued = this.scripted.get(method);
      const scripted = queued?.shift();
      if (scripted) return { status: scripted.status ?? 200, headers: scripted.headers ?? {}, body: scripted.body ?? { ok: false, error: 'scripted' } };
      return { status: 200, headers: { 'x-oauth-scopes': 'commands,chat:write,chat:write.public,app_mentions:read,files:write' }, body: this.answer(method, this.calls.at(-1)!.params) };
    } finally {
      for (const w of [...this.waiters]) w();
    }
  }

  private answer(method: string, p: SlackPayload): unknown {
    const custom = this.handlers.get(method);
    if (custom) return custom(p);
    const ts = (): string => `1700000000.${String(++this.ts).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://test.slack.com/', team: 'Test Team', user: 'zhiban', team_id: 'T0TEST', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'chat.postMessage':
        return { ok: true, channel: p.channel, ts: ts(), message: { text: p.text } };
      case 'chat.update':
        return { ok: true, channel: p.channel, ts: p.ts, text: p.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(p.users)}` } };
      case 'chat.delete':
        return { ok: true, channel: p.channel, ts: p.ts };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.ts}`;
        return { ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (p.files as Array<{ id: string; title?: string }>).map((f) => ({ id: f.id, title: f.title })) };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
