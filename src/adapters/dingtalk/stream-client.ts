import { DWClient, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type WebSocket from 'ws';
import { str } from './openapi.js';

/** The stream topics zhiban subscribes to: robot messages and interactive-card clicks. */
export const SUBSCRIPTIONS = [
  { type: 'CALLBACK', topic: TOPIC_ROBOT },
  { type: 'CALLBACK', topic: TOPIC_CARD },
];

/** The gateway refused to open a connection; `status` is its HTTP status (0: not reached). */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** What the client reports to the connection that owns it. */
export interface StreamHooks {
  /** The socket opened (after `_connect` resolved). */
  opened(socket: WebSocket): void;
  /** A frame could not be handled (not JSON, a throwing listener); the connection stays up. */
  frameFailed(err: unknown): void;
  /** The gateway announced it will close this connection (SYSTEM `disconnect`). */
  disconnectAnnounced(): void;
}

/** The SDK's private fields this subclass has to reach (dingtalk-stream 2.1.5). */
interface SdkInternals {
  dw_url?: string;
  socket?: WebSocket;
}

/**
 * `DWClient` of dingtalk-stream 2.1.5 with its traps taken out:
 * - the gateway URL is a module constant there; `getEndpoint` here posts to `gatewayUrl`
 *   (DINGTALK_GATEWAY_URL: a private deployment or a test fake) with a timeout;
 * - with `debug` on it prints its config, client secret included: debug is forced off and
 *   `printDebug` prints nothing;
 * - its reconnect is a fixed 1 s loop that never reports: `autoReconnect` is off, and
 *   `StreamConnection` reconnects with backoff and jitter;
 * - a frame that is not JSON (or a listener that throws) would throw out of the socket's
 *   message handler and kill the process: `onDownStream` catches and reports it;
 * - its default subscription list is a shared module object that `registerCallbackListener`
 *   mutates: this client has its own list.
 */
export class ZhibanStreamClient extends DWClient {
  constructor(
    opts: { clientId: string; clientSecret: string },
    private readonly gatewayUrl: string,
    private readonly hooks: StreamHooks,
    private readonly timeoutMs = 10_000,
  ) {
    super({ clientId: opts.clientId, clientSecret: opts.clientSecret, debug: false, keepAlive: false });
    this.debug = false;
    this.config.autoReconnect = false;
    this.config.subscriptions = SUBSCRIPTIONS.map((s) => ({ ...s }));
  }

  override printDebug(): void {}

  /** Asks the gateway for an endpoint and ticket; rejects with GatewayError. */
  override async getEndpoint(): Promise<this> {
    let res: Response;
    try {
      res = await fetch(this.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ clientId: this.config.clientId, clientSecret: this.config.clientSecret, ua: 'zhiban', subscriptions: this.config.subscriptions }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      throw new GatewayError(0, e.name === 'TimeoutError' ? 'the stream gateway did not answer in time' : `the stream gateway could not be reached (${e.cause?.code ?? e.message})`);
    }
    const text = await res.text();
    let body: { endpoint?: unknown; ticket?: unknown; code?: unknown; message?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = {};
    }
    if (!res.ok) throw new GatewayError(res.status, `the stream gateway refused the connection (HTTP ${res.status}${str(body.code) ? ` ${str(body.code)}` : ''}${str(body.message) ? `: ${str(body.message)}` : ''})`);
    if (typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') throw new GatewayError(res.status, 'the stream gateway answered without endpoint and ticket');
    this.internals().dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  /** Opens the socket (the SDK's `_connect`), within the timeout, then hands it to the owner. */
  override async _connect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        this.internals().socket?.terminate();
        reject(new GatewayError(0, 'the stream socket did not open in time'));
      }, this.timeoutMs);
    });
    try {
      await Promise.race([super._connect(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    const socket = this.internals().socket;
    if (socket) this.hooks.opened(socket);
  }

  override onDownStream(data: string): void {
    try {
      super.onDownStream(data);
    } catch (err) {
      this.hooks.frameFailed(err);
    }
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    if (downstream.headers?.topic === 'disconnect') this.hooks.disconnectAnnounced();
  }

  private internals(): SdkInternals {
    return this as unknown as SdkInternals;
  }
}
