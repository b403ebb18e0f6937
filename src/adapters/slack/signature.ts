import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** How far (seconds) a request timestamp may be from now, in either direction, before it is refused as a replay. */
export const REPLAY_WINDOW_SECONDS = 300;

/** Why a request was refused; `ok` only when the signature matches and the timestamp is fresh. */
export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing-headers' | 'bad-timestamp' | 'stale' | 'future' | 'bad-signature' };

/** The `v0=` signature Slack sends in `X-Slack-Signature` for `body` sent at `timestamp` (seconds). */
export function slackSignature(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`v0:${timestamp}:`);
  mac.update(body);
  return `v0=${mac.digest('hex')}`;
}

function single(h: string | string[] | undefined): string | undefined {
  return typeof h === 'string' ? h : undefined;
}

/**
 * Checks a Slack request the way Slack specifies it (v0 HMAC-SHA256 over `v0:<ts>:<raw body>`),
 * a pure function of its inputs. Refused: missing or repeated headers, a timestamp that is not
 * an integer, one more than REPLAY_WINDOW_SECONDS in the past or the future, and any signature
 * that does not match (compared in constant time). Never throws.
 */
export function verifySlackSignature(secret: string, rawBody: string | Buffer, headers: IncomingHttpHeaders, nowSeconds: number): SignatureCheck {
  const ts = single(headers['x-slack-request-timestamp']);
  const sig = single(headers['x-slack-signature']);
  if (ts === undefined || sig === undefined || !secret) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: 'bad-timestamp' };
  const age = nowSeconds - Number(ts);
  if (age > REPLAY_WINDOW_SECONDS) return { ok: false, reason: 'stale' };
  if (age < -REPLAY_WINDOW_SECONDS) return { ok: false, reason: 'future' };
  const expected = Buffer.from(slackSignature(secret, ts, rawBody), 'utf8');
  const given = Buffer.from(sig, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}
