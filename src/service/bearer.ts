import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether `headers` carry `Authorization: Bearer <token>`. Both sides are hashed first and
 * compared in constant time, so neither the token's content nor its length leaks by timing.
 * Without a configured token every request passes.
 */
export function bearerAllows(token: string | undefined, headers: IncomingHttpHeaders): boolean {
  if (token === undefined) return true;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}
