import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { readBody } from './fake-slack.js';
import { waitUntil } from './wait-until.js';

/** One HTTP call as DingTalk would receive it. */
export interface DtCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  token: string | undefined;
}

/** A scripted answer for the next call(s) of a path. */
export interface DtScripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A frame the app sent back over the stream (acks, pongs). */
export interface DtSent {
  code?: number;
  headers?: Record<string, unknown>;
  message?: string;
  data?: string;
}

/**
 * A local stand-in for DingTalk: the stream gateway (POST /v1.0/gateway/connections/open, then a
 * WebSocket at /stream), the OpenAPI (access tokens, robot messages, cards) and session webhooks
 * under /session/<id>. It records everything, answers like DingTalk does and can be scripted to fail.
 */
export class FakeDingTalk {
  readonly calls: DtCall[] = [];
  readonly sent: DtSent[] = [];
  connections = 0;
  tokens = 0;
  private socket: WebSocket | undefined;
  private readonly scripts = new Map<string, DtScripted[]>();
  private readonly frames = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  private readonly sentListeners = new Set<(frame: DtSent) => void>();
  private readonly callListeners = new Set<(call: DtCall) => void>();

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
  ) {
    server.on('request', (req, res) => {
      void readBody(req).then((raw) => {
        const path = (req.url ?? '').split('?')[0]!;
        let body: Record<string, unknown>;
        try {
          body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          body = { raw };
        }
        const token = req.headers['x-acs-dingtalk-access-token'];
        const call: DtCall = { method: req.method ?? '', path, body, token: typeof token === 'string' ? token : undefined };
        this.calls.push(call);
        for (const l of this.callListeners) l(call);
        const scripted = this.scripts.get(path)?.shift();
        const answer = scripted ?? this.answer(path, body);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        res.end(JSON.stringify(answer.body ?? {}));
        this.wake();
      });
    });
    wss.on('connection', (ws) => {
      this.connections++;
      this.socket = ws;
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as DtSent;
        this.sent.push(frame);
        for (const l of this.sentListeners) l(frame);
        this.wake();
      });
      this.wake();
    });
  }

  /** Starts on a random loopback port. */
  static async start(): Promise<FakeDingTalk> {
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/stream' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeDingTalk(server, wss);
  }

  /** DINGTALK_API_BASE. */
  get apiBase(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A session webhook URL for `id`. */
  sessionUrl(id: string): string {
    return `${this.apiBase}/session/${id}?session=secret-${id}`;
  }

  /** The next `answers.length` calls of `path` get these answers. */
  script(path: string, ...answers: DtScripted[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...answers]);
  }

  private answer(path: string, body: Record<string, unknown>): DtScripted {
    const n = this.calls.length;
    if (path === '/v1.0/gateway/connections/open') return { status: 200, body: { endpoint: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/stream`, ticket: `ticket+${n}/=` } };
    if (path === '/v1.0/oauth2/accessToken') return { status: 200, body: { accessToken: `token-${++this.tokens}`, expireIn: 7200 } };
    if (path === '/v1.0/robot/groupMessages/send' || path === '/v1.0/robot/oToMessages/batchSend') return { status: 200, body: { processQueryKey: `pqk-${n}` } };
    if (path === '/v1.0/card/instances/createAndDeliver') {
      return { status: 200, body: { success: true, result: { outTrackId: body.outTrackId, deliverResults: [{ success: true, spaceType: 'IM_GROUP', spaceId: 'x', carrierId: `carrier-${n}` }] } } };
    }
    if (path === '/v1.0/card/instances') return { status: 200, body: { success: true, result: true } };
    if (path.startsWith('/session/')) return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    return { status: 404, body: { code: 'NotFound', message: `no such path ${path}` } };
  }

  /** Calls to `path`. */
  callsTo(path: string): DtCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** Sends one frame to the connected app. */
  send(frame: unknown): void {
    if (!this.socket) throw new Error('no app connected to the fake DingTalk gateway');
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    const id = (frame as { headers?: { messageId?: unknown } })?.headers?.messageId;
    if (typeof id === 'string') this.frames.set(id, text);
    this.socket.send(text);
  }

  /** Sends the frame with `messageId` again, as DingTalk redelivers a frame. */
  resend(messageId: string): void {
    const text = this.frames.get(messageId);
    if (!text || !this.socket) throw new Error(`cannot redeliver ${messageId}`);
    this.socket.send(text);
  }

  /** Drops the app's connection without a close handshake. */
  drop(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  /**
   * Calls `listener` with each frame the app sends back from now on, as it arrives (a load of
   * thousands of frames, where a `waitForAck` per frame would rescan `sent` each time); returns
   * a function that removes the listener.
   */
  onSent(listener: (frame: DtSent) => void): () => void {
    this.sentListeners.add(listener);
    return () => void this.sentListeners.delete(listener);
  }

  /** Calls `listener` with each HTTP call from now on, as it arrives (after it was recorded); returns a function that removes it. */
  onCall(listener: (call: DtCall) => void): () => void {
    this.callListeners.add(listener);
    return () => void this.callListeners.delete(listener);
  }

  /** Resolves with `probe()`'s first defined value, re-checked as calls arrive; rejects after `ms`. */
  waitFor<T>(what: string, probe: () => T | undefined, ms = 5000): Promise<T> {
    return this.until(what, probe, ms);
  }

  /** Resolves with the `n`-th call (1-based) to `path`. */
  waitForCall(path: string, n = 1, ms = 5000): Promise<DtCall> {
    return this.until(`call ${n} to ${path}`, () => this.callsTo(path)[n - 1], ms);
  }

  /** Resolves with the frame the app sent back for `messageId`. */
  waitForAck(messageId: string, ms = 5000): Promise<DtSent> {
    return this.until(`ack of ${messageId}`, () => this.sent.find((s) => s.headers?.messageId === messageId), ms);
  }

  /** Resolves once `n` connections were opened. */
  waitForConnections(n: number, ms = 5000): Promise<number> {
    return this.until(`${n} connections`, () => (this.connections >= n && this.socket ? this.connections : undefined), ms);
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private until<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
    return waitUntil(this.waiters, what, probe, ms, () => `calls: ${JSON.stringify(this.calls.map((c) => c.path))}; sent: ${JSON.stringify(this.sent)}`);
  }
}

let seq = 0;

/** A robot message frame as DingTalk sends it (data is a JSON string). */
export function robotFrame(data: Record<string, unknown>, messageId = `msg-frame-${++seq}`): Record<string, unknown> {
  return {
    specVersion: '1.0',
    type: 'CALLBACK',
    headers: { appId: 'app-1', connectionId: 'conn-1', contentType: 'application/json', messageId, time: '1700000000000', topic: '/v1.0/im/bot/messages/get' },
    data: JSON.stringify(data),
  };
}

/** A card callback frame: data is a JSON string whose `content` and `value` are JSON strings again. */
export function cardFrame(outTrackId: string, userId: string, action: string, messageId = `card-frame-${++seq}`): Record<string, unknown> {
  const inner = JSON.stringify({ cardPrivateData: { actionIds: ['button_node_1'], params: { action } } });
  return {
    specVersion: '1.0',
    type: 'CALLBACK',
    headers: { appId: 'app-1', connectionId: 'conn-1', contentType: 'application/json', messageId, time: '1700000000000', topic: '/v1.0/card/instances/callback' },
    data: JSON.stringify({ extension: '{}', corpId: 'ding-corp', spaceType: 'IM_GROUP', userIdType: 1, type: 'actionCallback', userId, content: inner, spaceId: 'cid-x', outTrackId, value: inner }),
  };
}

/** A SYSTEM frame (`ping`, `disconnect`). */
export function systemFrame(topic: string, data: Record<string, unknown> = {}, messageId = `sys-${++seq}`): Record<string, unknown> {
  return { specVersion: '1.0', type: 'SYSTEM', headers: { contentType: 'application/json', messageId, time: '1700000000000', topic }, data: JSON.stringify(data) };
}
