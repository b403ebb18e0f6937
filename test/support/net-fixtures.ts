import http from 'node:http';
import net from 'node:net';

/** A local server a test started; `close` releases its port and every open connection. */
export interface Fixture {
  port: number;
  close(): Promise<void>;
}

/** A TCP listener that accepts connections and never writes a byte; `openSockets` counts live clients. */
export interface SilentListener extends Fixture {
  openSockets(): number;
}

/** Listens on 127.0.0.1 on a random port and resolves with that port. */
async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as net.AddressInfo).port;
}

/**
 * Starts a TCP listener on 127.0.0.1 that accepts every connection, reads and discards what it
 * is sent and never answers (a hung service). Sockets stay open until the client hangs up or
 * `close` is called.
 */
export async function startSilentListener(): Promise<SilentListener> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.resume();
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    port,
    openSockets: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A port on 127.0.0.1 that nothing listens on: bound by the OS, then released. Another process
 * could take it in between; on a test machine that is rare enough.
 */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How the test HTTP server answers one request. */
export interface HttpAnswer {
  status?: number;
  /** Response body; a function sees the request (to echo headers, say). */
  body?: string | ((req: http.IncomingMessage) => string);
  headers?: Record<string, string>;
  /** Waits this long (real time) before answering. */
  delayMs?: number;
  /** Never answers at all. */
  hang?: boolean;
}

/** An HTTP server on 127.0.0.1 answering every request the same way; `url(path)` builds its URLs. */
export interface HttpFixture extends Fixture {
  url(path?: string): string;
  /** Requests received so far, as `METHOD path`. */
  requests: string[];
}

/** Starts an HTTP server on a random port of 127.0.0.1 that answers as `answer` says. */
export async function startHttpServer(answer: HttpAnswer = {}): Promise<HttpFixture> {
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (answer.hang) return;
    const send = (): void => {
      const body = typeof answer.body === 'function' ? answer.body(req) : (answer.body ?? 'ok');
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain', ...answer.headers });
      res.end(body);
    };
    if (!answer.delayMs) return send();
    const t = setTimeout(() => {
      timers.delete(t);
      if (!res.destroyed) send();
    }, answer.delayMs);
    timers.add(t);
  });
  const port = await listen(server);
  return {
    port,
    requests,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
