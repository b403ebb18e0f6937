import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App as BoltApp, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import { BodyTooLargeError, interactionWithoutUser, parseSlackBody, readRawBody } from './body.js';
import type { HttpMount } from '../../runtime/http-server.js';
import type { Inflight } from '../../runtime/inflight.js';
import { verifySlackSignature } from './signature.js';

/** The one path Slack posts commands, interactivity and events to. */
export const EVENTS_PATH = '/slack/events';

/** What the HTTP receiver needs. */
export interface HttpReceiverOptions {
  signingSecret: string;
  port: number;
  host?: string;
  logger: Logger;
  inflight: Inflight;
  /** Current time in seconds for the replay window (default: the system clock). */
  nowSeconds?: () => number;
  /** Answer 200 by then if nothing acknowledged the request (Slack gives up after 3 s). */
  ackDeadlineMs?: number;
  maxBodyBytes?: number;
  /** zhiban's HTTP server: mount EVENTS_PATH there instead of listening on `port`. */
  mount?: HttpMount;
  /** Told how long each accepted request took to be acknowledged (ms). */
  onAck?: (ms: number) => void;
}

/**
 * Bolt receiver for HTTP mode: one server, `POST /slack/events` only. Every request must pass
 * `verifySlackSignature` before its body is even parsed; refused requests get 401/4xx and never
 * reach Bolt. Each accepted request is answered exactly once: by the listener's `ack`, or with an
 * empty 200 when nothing acknowledged it before the deadline or before processing ended.
 */
export class SlackHttpReceiver implements Receiver {
  private bolt: BoltApp | undefined;
  private server: Server | undefined;

  constructor(private readonly opts: HttpReceiverOptions) {}

  init(app: BoltApp): void {
    this.bolt = app;
  }

  /** Listens (or mounts itself on zhiban's HTTP server) and resolves to the port requests arrive on. */
  start(): Promise<number> {
    const mount = this.opts.mount;
    if (mount) {
      mount.mount(EVENTS_PATH, (req, res) => this.handle(req, res));
      return Promise.resolve(mount.port() ?? this.opts.port);
    }
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.opts.logger.error('slack request failed', { error: (err as Error)?.message });
        if (!res.headersSent) send(res, 500, 'internal error');
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting requests; requests already accepted finish (see Inflight). */
  stop(): Promise<void> {
    this.opts.mount?.unmount(EVENTS_PATH);
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const log = this.opts.logger;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== EVENTS_PATH) return send(res, 404, 'not found');
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return send(res, 405, 'method not allowed');
    }
    let raw: Buffer;
    try {
      raw = await readRawBody(req, this.opts.maxBodyBytes ?? 1_048_576);
    } catch (err) {
      res.setHeader('Connection', 'close');
      return send(res, err instanceof BodyTooLargeError ? 413 : 400, err instanceof BodyTooLargeError ? err.message : 'unreadable body');
    }
    const now = this.opts.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
    const check = verifySlackSignature(this.opts.signingSecret, raw, req.headers, now);
    if (!check.ok) {
      log.warn('slack request refused', { reason: check.reason, remote: req.socket.remoteAddress });
      return send(res, 401, 'invalid request signature');
    }
    const parsed = parseSlackBody(raw.toString('utf8'), req.headers['content-type']);
    if (!parsed.ok) {
      log.warn('slack request refused', { reason: parsed.error, status: parsed.status });
      return send(res, parsed.status, parsed.error);
    }
    const body = parsed.body;
    if (interactionWithoutUser(body)) {
      log.warn('slack request refused', { reason: 'interaction without a user', status: 400 });
      return send(res, 400, 'interaction payload without a user');
    }
    if (body.ssl_check !== undefined) return send(res, 200, '');
    if (body.type === 'url_verification') {
      if (typeof body.challenge !== 'string') return send(res, 400, 'challenge missing');
      return sendJson(res, { challenge: body.challenge });
    }
    this.forward(body, req, res, arrived);
  }

  private forward(body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse, arrived: number): void {
    const log = this.opts.logger;
    let answered = false;
    const answer = (response?: unknown): void => {
      if (answered) return;
      answered = true;
      clearTimeout(deadline);
      this.opts.onAck?.(performance.now() - arrived);
      if (response === undefined || response === '') send(res, 200, '');
      else if (typeof response === 'string') send(res, 200, response);
      else sendJson(res, response);
    };
    const deadline = setTimeout(() => {
      if (answered) return;
      log.warn('slack request not acknowledged in time; answered 200 so Slack does not retry');
      answer();
    }, this.opts.ackDeadlineMs ?? 2500);
    const retry = Number(req.headers['x-slack-retry-num']);
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => answer(response),
      ...(Number.isInteger(retry) ? { retryNum: retry } : {}),
      ...(typeof req.headers['x-slack-retry-reason'] === 'string' ? { retryReason: req.headers['x-slack-retry-reason'] } : {}),
    };
    const bolt = this.bolt;
    if (!bolt) return send(res, 503, 'not ready');
    const work = bolt.processEvent(event).then(
      () => answer(),
      (err: unknown) => {
        log.error('slack event processing failed', { error: (err as Error)?.message });
        if (!answered) {
          answered = true;
          clearTimeout(deadline);
          send(res, 500, 'internal error');
        }
      },
    );
    void this.opts.inflight.track(work);
  }
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function sendJson(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}
