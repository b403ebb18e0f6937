import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AlertSource, AlertsConfig } from './config.js';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time string equality (both sides hashed first, so neither length nor content leaks through timing). */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** The hex HMAC-SHA256 of `body` keyed with `secret` (what a signing sender puts in its signature header). */
export function signBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/**
 * Whether a request to `POST /alerts/<source>` may be taken: `Authorization: Bearer <alerts.token>`,
 * or — when `alerts.hmac.<source>` is set — its header holding the hex HMAC-SHA256 of the raw body
 * (with or without a `sha256=` prefix). Both comparisons take constant time. A pure function of
 * (config, source, headers, body).
 */
export function authorized(cfg: Pick<AlertsConfig, 'token' | 'hmac'>, source: AlertSource, headers: IncomingHttpHeaders, body: string): boolean {
  const auth = header(headers, 'authorization');
  const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (cfg.token !== undefined && bearer !== undefined && sameSecret(bearer, cfg.token)) return true;
  const hmac = cfg.hmac[source];
  if (!hmac) return false;
  const sig = header(headers, hmac.header)?.trim().replace(/^sha256=/i, '').toLowerCase();
  return sig !== undefined && sameSecret(sig, signBody(hmac.secret, body));
}
