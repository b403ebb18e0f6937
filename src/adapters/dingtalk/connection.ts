import type WebSocket from 'ws';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { AdapterStartError, type AdapterHealth, type AdapterState } from '../../runtime/chat-adapter.js';
import { reconnectDelay, RECONNECT_BASE_MS, RECONNECT_MAX_MS } from './backoff.js';
import { GatewayError, type ZhibanStreamClient } from './stream-client.js';

/** Timing of the connection; tests shorten it. */
export interface ConnectionTiming {
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** A socket that answers no ping within this long is dropped and reopened. */
  pingMs: number;
}

/** Production timing. */
export const DEFAULT_TIMING: ConnectionTiming = { reconnectBaseMs: RECONNECT_BASE_MS, reconnectMaxMs: RECONNECT_MAX_MS, pingMs: 20_000 };

/**
 * Keeps one stream connection open. Readiness is the socket actually opening (the SDK's
 * `connect()` resolves even when it failed). A failed attempt, a closed or silent socket or a
 * gateway `disconnect` notice leads to a new attempt after an exponential delay with jitter,
 * for as long as the adapter runs; every state change is logged and shown by `health()`.
 * Only the first start can fail for good: when the gateway refuses the credentials.
 */
export class StreamConnection {
  private state: AdapterState = 'stopped';
  private since: number;
  private detail: string | undefined;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private socket: WebSocket | undefined;
  private stopped = false;

  constructor(
    private readonly client: ZhibanStreamClient,
    private readonly deps: { clock: Clock; logger: Logger; timing?: ConnectionTiming; onReconnect?: () => void },
  ) {
    this.since = deps.clock.now();
  }

  /** Opens the first connection. Rejects (AdapterStartError) only when the gateway refuses the credentials; otherwise keeps retrying in the background. */
  async start(): Promise<void> {
    this.stopped = false;
    this.set('starting');
    await this.open(true);
  }

  /** Closes the socket and stops reconnecting. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.client.disconnect();
    this.set('stopped');
  }

  /** The connection state for `/readyz` and the logs. */
  health(): AdapterHealth {
    return { platform: 'dingtalk', state: this.state, since: this.since, ...(this.detail ? { detail: this.detail } : {}) };
  }

  /** Hook for the client: the socket opened. Starts watching it. */
  opened(socket: WebSocket): void {
    this.socket = socket;
    let alive = true;
    const mark = (): void => {
      alive = true;
    };
    socket.on('pong', mark);
    socket.on('message', mark);
    const ping = setInterval(() => {
      if (!alive) {
        this.deps.logger.warn('dingtalk stream silent; reconnecting');
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, this.timing().pingMs);
    ping.unref();
    socket.once('close', (code: number) => {
      clearInterval(ping);
      if (this.socket === socket) this.socket = undefined;
      if (this.stopped) return;
      this.set('reconnecting', `connection closed (${code})`);
      this.schedule();
    });
  }

  /** Hook for the client: the gateway will close this connection soon; move to a new one now. */
  disconnectAnnounced(): void {
    this.deps.logger.info('dingtalk gateway asked to reconnect');
    this.socket?.terminate();
  }

  private async open(first: boolean): Promise<void> {
    if (this.stopped) return;
    try {
      await this.client.getEndpoint();
      await this.client._connect();
      this.attempt = 0;
      if (this.stopped) {
        this.client.disconnect();
        return;
      }
      this.set('connected');
    } catch (err) {
      const reason = err instanceof GatewayError ? err.message : `the stream socket failed (${(err as Error)?.message ?? String(err)})`;
      if (first && err instanceof GatewayError && [400, 401, 403].includes(err.status)) {
        this.set('failed', reason);
        throw new AdapterStartError('dingtalk', `${reason}. Check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET (the app's Client ID and Client Secret) and that the robot uses Stream mode.`);
      }
      this.set('reconnecting', reason);
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const t = this.timing();
    const wait = reconnectDelay(this.attempt++, Math.random, t.reconnectBaseMs, t.reconnectMaxMs);
    this.deps.logger.info('dingtalk stream reconnect scheduled', { attempt: this.attempt, waitMs: wait });
    this.timer = setTimeout(() => void this.open(false), wait);
  }

  private set(state: AdapterState, detail?: string): void {
    if (state === this.state && detail === this.detail) return;
    if (state === 'reconnecting' && this.state === 'connected') this.deps.onReconnect?.();
    this.state = state;
    this.detail = detail;
    this.since = this.deps.clock.now();
    const fields = { state, ...(detail ? { detail } : {}) };
    if (state === 'reconnecting' || state === 'failed') this.deps.logger.warn('dingtalk stream state', fields);
    else this.deps.logger.info('dingtalk stream state', fields);
  }

  private timing(): ConnectionTiming {
    return this.deps.timing ?? DEFAULT_TIMING;
  }
}
