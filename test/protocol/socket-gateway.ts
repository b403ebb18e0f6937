import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { waitUntil } from './wait-until.js';

/** A message the app sent back over the socket (acks), with when it arrived. */
export interface Received {
  message: { envelope_id?: string; payload?: unknown };
  at: number;
}

/**
 * A local stand-in for Slack's Socket Mode gateway: accepts the app's WebSocket, greets it with
 * `hello` like Slack does, sends envelopes on demand and records what the app sends back.
 */
export class FakeSocketGateway {
  readonly received: Received[] = [];
  private socket: WebSocket | undefined;
  private readonly waiters = new Set<() => void>();
  connections = 0;
  closed = false;

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (ws) => {
      this.connections++;
      this.socket = ws;
      ws.on('message', (data: Buffer) => {
        this.received.push({ message: JSON.parse(data.toString('utf8')) as Received['message'], at: Date.now() });
        for (const w of [...this.waiters]) w();
      });
      ws.on('close', () => {
        this.closed = true;
        for (const w of [...this.waiters]) w();
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-gateway', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0ZHIBAN' } }));
    });
  }

  /** Starts on a random loopback port. */
  static async start(): Promise<FakeSocketGateway> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new FakeSocketGateway(wss);
  }

  /** The URL apps.connections.open hands out. */
  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/link/?ticket=fake-ticket`;
  }

  /** Sends one envelope to the connected app. */
  send(envelope: Record<string, unknown>): void {
    if (!this.socket) throw new Error('no app connected to the fake gateway');
    this.socket.send(JSON.stringify(envelope));
  }

  /** Resolves with the app's ack of `envelopeId`. */
  waitForAck(envelopeId: string, ms = 5000): Promise<Received> {
    return this.until(`ack of ${envelopeId}`, () => this.received.find((r) => r.message.envelope_id === envelopeId), ms);
  }

  /** Resolves once the app closed its socket. */
  waitForClose(ms = 5000): Promise<true> {
    return this.until('socket close', () => (this.closed ? true : undefined), ms);
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private until<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
    return waitUntil(this.waiters, what, probe, ms, () => `received: ${JSON.stringify(this.received.map((r) => r.message))}`);
  }
}
