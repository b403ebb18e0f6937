import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake gateway received. */
export interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

/** What the fake answers: a status and a JSON body, or `hang` to never answer. */
export type Answer = { status: number; body?: unknown } | 'hang';

/** A local HTTP server standing in for the DingTalk robot API or an SMS/voice gateway. */
export interface FakeGateway {
  url: string;
  received: Received[];
  /** Answers to give, in order; when used up, `fallback` is given. */
  answers: Answer[];
  fallback: Answer;
  close(): Promise<void>;
}

/** Starts a fake gateway on 127.0.0.1 and a random port. */
export async function startGateway(fallback: Answer = { status: 200, body: { errcode: 0, errmsg: 'ok' } }): Promise<FakeGateway> {
  const sockets = new Set<import('node:net').Socket>();
  const gw: FakeGateway = { url: '', received: [], answers: [], fallback, close: async () => undefined };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        json = {};
      }
      gw.received.push({ url: req.url ?? '', headers: req.headers, body, json });
      const answer = gw.answers.shift() ?? gw.fallback;
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gw.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gw.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return gw;
}
