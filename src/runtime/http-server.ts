import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.js';

/** A request as a route sees it: path parameters from `:name` segments, the query, a bounded body. */
export interface HttpRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A route's answer. */
export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** Handles one route; a throw becomes a plain 500 (logged), never a stack trace to the caller. */
export type RouteHandler = (req: HttpRequest) => Promise<HttpResponse>;

/** Takes over whole requests to one path (reads the body and answers itself): Slack's events. */
export type RawHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** What a platform adapter may do with zhiban's HTTP server: take over one path. */
export interface HttpMount {
  /** Sends every request to exactly `path` (any method) to `handler`; replaces an earlier mount of it. */
  mount(path: string, handler: RawHandler): void;
  /** Stops sending requests to `path`: it answers 503 from then on. */
  unmount(path: string): void;
  /** The bound port once listening. */
  port(): number | undefined;
}

const MAX_BODY = 64 * 1024;

/**
 * zhiban's own HTTP server: a table of routes (`GET /ack/:token`, `/healthz`, `/readyz`, `/metrics`,
 * `/alerts/*` …) on one port. Unknown paths get 404, wrong methods 405, bodies over 64 KiB 413.
 */
export class HttpServer implements HttpMount {
  private readonly routes: Array<{ method: string; parts: string[]; handler: RouteHandler }> = [];
  private readonly mounts = new Map<string, RawHandler | undefined>();
  private server: Server | undefined;
  private bound: number | undefined;
  private refusing = false;

  constructor(private readonly logger: Logger) {}

  /**
   * Shutdown: from now on requests that would change something (any method but GET) get 503 with
   * Retry-After, so an alert or an ack goes to another replica (or is retried) instead of being
   * taken while the chat connections close; health, readiness and metrics still answer.
   */
  refuseChanges(): void {
    this.refusing = true;
  }

  /** Adds a route; `pattern` is a path whose `:name` segments match any one segment. */
  route(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  mount(path: string, handler: RawHandler): void {
    this.mounts.set(path, handler);
  }

  unmount(path: string): void {
    if (this.mounts.has(path)) this.mounts.set(path, undefined);
  }

  /** Whether anything took over `path` with `mount` (and still holds it). */
  mounted(path: string): boolean {
    return this.mounts.get(path) !== undefined;
  }

  port(): number | undefined {
    return this.bound;
  }

  /** Listens on `port` (0: any free port) and resolves to the bound port. */
  start(port: number, host?: string): Promise<number> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.logger.error('http request failed', { path: (req.url ?? '').split('?')[0], error: (err as Error)?.message });
        if (!res.headersSent) write(res, { status: 500, body: 'internal error\n' });
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        this.bound = (server.address() as AddressInfo).port;
        resolve(this.bound);
      });
    });
  }

  /** Stops accepting connections and closes idle ones. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.bound = undefined;
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://zhiban.local');
    if (this.mounts.has(url.pathname)) {
      const raw = this.mounts.get(url.pathname);
      return raw ? raw(req, res) : write(res, { status: 503, headers: { connection: 'close' }, body: 'not accepting requests (shutting down)\n' });
    }
    const segments = decodedSegments(url.pathname);
    if (!segments) return write(res, { status: 400, body: 'bad request: the path is not valid percent-encoding\n' });
    const matching = this.routes.map((r) => ({ r, params: match(r.parts, segments) })).filter((m) => m.params !== undefined);
    if (matching.length === 0) return write(res, { status: 404, body: 'not found\n' });
    const hit = matching.find((m) => m.r.method === req.method);
    if (!hit) return write(res, { status: 405, headers: { allow: matching.map((m) => m.r.method).join(', ') }, body: 'method not allowed\n' });
    if (this.refusing && req.method !== 'GET') return write(res, { status: 503, headers: { 'retry-after': '5', connection: 'close' }, body: 'shutting down: retry (another replica, or this one after its restart)\n' });
    const body = await readBody(req);
    if (body === undefined) return write(res, { status: 413, body: 'body too large\n' });
    write(res, await hit.r.handler({ method: req.method ?? 'GET', path: url.pathname, params: hit.params!, query: url.searchParams, headers: req.headers, body }));
  }
}

/** The path's segments, percent-decoded; undefined when a segment is not valid percent-encoding. */
function decodedSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

function match(parts: string[], segments: string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = segments[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = s;
    else if (p !== s) return undefined;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function write(res: ServerResponse, r: HttpResponse): void {
  res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...r.headers });
  res.end(r.body);
}
