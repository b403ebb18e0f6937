import { L, type Localized } from '../core/i18n/index.js';
import { withRedisClient } from '../probes/redis/client.js';

/** The keys a redis-keys drill sets: `<prefix>1 … <prefix>count`. */
export function drillKeys(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

/** How many of `keys` exist already (a drill never overwrites them). */
export async function existingKeys(url: string, keys: string[], deadline: { signal: AbortSignal; timeoutMs: number }): Promise<number> {
  return withRedisClient(url, deadline, (c) => c.exists(...keys));
}

/** Sets each key (only where it does not exist) with a TTL; resolves to the keys it set. */
export async function setKeys(url: string, keys: string[], value: string, ttlSeconds: number, deadline: { signal: AbortSignal; timeoutMs: number }): Promise<string[]> {
  return withRedisClient(url, deadline, async (c) => {
    const set: string[] = [];
    for (const k of keys) if ((await c.set(k, value, 'EX', ttlSeconds, 'NX')) === 'OK') set.push(k);
    return set;
  });
}

/** Deletes exactly the keys a drill set. */
export async function deleteKeys(url: string, keys: string[], deadline: { signal: AbortSignal; timeoutMs: number }): Promise<Localized> {
  const n = keys.length === 0 ? 0 : await withRedisClient(url, deadline, (c) => c.del(...keys));
  return L(`deleted ${n} drill keys`, `已删除 ${n} 个演练键`);
}
