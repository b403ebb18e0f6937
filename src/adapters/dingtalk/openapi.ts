import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { reconnectDelay } from './backoff.js';

/** An access token is renewed this long before DingTalk says it expires (or at 90 % of its life when shorter). */
export const TOKEN_MARGIN_MS = 5 * 60_000;
/** Longest wait between two tries of one call. */
const RETRY_MAX_MS = 10_000;

/** DingTalk refused a call, or it failed after its retries; `code` is DingTalk's error code when it gave one. */
export class DingTalkApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DingTalkApiError';
  }
}

/** What the client needs; `retries` and `retryBaseMs` are small in tests. */
export interface DingTalkApiOptions {
  apiBase: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  logger: Logger;
  /** Called with every new access token, so the caller can redact it. */
  onToken?: (token: string) => void;
  retries?: number;
  retryBaseMs?: number;
  timeoutMs?: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfterMs?: number;
}

/** A JSON scalar as text ('' for anything else). */
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

/**
 * DingTalk's OpenAPI (api.dingtalk.com, or DINGTALK_API_BASE) and session webhooks. The app
 * access token is fetched from /v1.0/oauth2/accessToken once and reused until shortly before
 * its `expireIn`; a call refused with 401 fetches a new one and is tried once more. Network
 * errors, timeouts, 429 and 5xx are retried with backoff and jitter (honouring Retry-After);
 * after that, or on any other refusal, the call rejects with DingTalkApiError. URLs with a
 * session token and access tokens are never logged.
 */
export class DingTalkApi {
  private token: { value: string; renewAt: number } | undefined;
  private fetching: Promise<string> | undefined;

  constructor(private readonly opts: DingTalkApiOptions) {}

  /** A valid app access token (cached). */
  async accessToken(): Promise<string> {
    if (this.token && this.opts.clock.now() < this.token.renewAt) return this.token.value;
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const started = this.opts.clock.now();
    const a = await this.send('POST', `${this.opts.apiBase}/v1.0/oauth2/accessToken`, { appKey: this.opts.clientId, appSecret: this.opts.clientSecret }, {}, 'oauth2/accessToken');
    const value = str(a.body.accessToken);
    const expireIn = Number(a.body.expireIn);
    if (!value || !Number.isFinite(expireIn) || expireIn <= 0) throw new DingTalkApiError(a.status, 'BadTokenAnswer', 'DingTalk answered the access token request without accessToken / expireIn');
    this.opts.onToken?.(value);
    const lifeMs = expireIn * 1000;
    this.token = { value, renewAt: started + lifeMs - Math.min(TOKEN_MARGIN_MS, lifeMs / 10) };
    return value;
  }

  /** Calls an OpenAPI path with the app access token; resolves to DingTalk's JSON answer. */
  async call(method: 'POST' | 'PUT', path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let renewed = false; ; renewed = true) {
      const token = await this.accessToken();
      const a = await this.send(method, `${this.opts.apiBase}${path}`, body, { 'x-acs-dingtalk-access-token': token }, path, true);
      if (a.status !== 401 || renewed) {
        if (a.status < 400) return a.body;
        throw this.refusal(a, path);
      }
      this.opts.logger.info('dingtalk access token refused; fetching a new one', { path });
      this.token = undefined;
    }
  }

  /** Posts a message to a session webhook (the URL carries its own credential); DingTalk answers errcode 0 when it took it. */
  async postWebhook(url: string, body: unknown): Promise<void> {
    const a = await this.send('POST', url, body, {}, 'session webhook');
    const errcode = Number(a.body.errcode ?? 0);
    if (a.status >= 400 || errcode !== 0) throw new DingTalkApiError(a.status, str(a.body.errcode ?? a.status), `session webhook refused the message: ${str(a.body.errmsg) || `HTTP ${a.status}`}`);
  }

  /** One call with retries of transient failures; 4xx other than 429 are returned to the caller (or thrown when `raw` is false). */
  private async send(method: string, url: string, body: unknown, headers: Record<string, string>, what: string, raw = false): Promise<Answer> {
    const retries = this.opts.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      let a: Answer | undefined;
      let failure = '';
      try {
        a = await this.once(method, url, body, headers);
      } catch (err) {
        failure = (err as Error).name === 'TimeoutError' ? 'timed out' : str((err as { cause?: { code?: unknown } }).cause?.code) || (err as Error).message;
      }
      if (a && a.status !== 429 && a.status < 500) {
        if (raw || a.status < 400) return a;
        throw this.refusal(a, what);
      }
      if (a) failure = `HTTP ${a.status}${a.body.code ? ` ${str(a.body.code)}` : ''}`;
      if (attempt >= retries) {
        if (a) throw this.refusal(a, what);
        throw new DingTalkApiError(0, 'Unreachable', `DingTalk could not be reached for ${what} (${failure})`);
      }
      const wait = Math.min(RETRY_MAX_MS, a?.retryAfterMs ?? reconnectDelay(attempt, Math.random, this.opts.retryBaseMs ?? 500, RETRY_MAX_MS));
      this.opts.logger.warn('dingtalk call failed; retrying', { what, failure, attempt: attempt + 1, waitMs: wait });
      await delay(wait);
    }
  }

  private refusal(a: Answer, what: string): DingTalkApiError {
    const code = str(a.body.code) || `HTTP${a.status}`;
    return new DingTalkApiError(a.status, code, `DingTalk refused ${what}: ${code}${a.body.message ? ` — ${str(a.body.message)}` : ''}`);
  }

  private async once(method: string, url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      status: res.status,
      body: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {},
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
}
