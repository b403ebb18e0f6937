import type { Redis } from 'ioredis';

/** Keys and bytes of one group of keys (all timelines, the records of one kind, the timers …). */
export interface KeyGroup {
  group: string;
  keys: number;
  bytes: number;
}

/** The group a key belongs to: `incidents` (timelines), `summaries`, `records/<kind>`, `timers`, or `index`. */
function groupOf(rest: string): string {
  if (rest.startsWith('incident:')) return 'incidents';
  if (rest.startsWith('summary:')) return 'summaries';
  if (rest.startsWith('record:')) return `records/${rest.split(':')[1]}`;
  if (rest.startsWith('timers')) return 'timers';
  return 'index';
}

/**
 * Walks every key under `prefix` with SCAN (never KEYS) and sums MEMORY USAGE per group, in
 * batches, so it works on a live server without blocking it. Sorted by group name.
 */
export async function keySizes(client: Redis, prefix: string): Promise<KeyGroup[]> {
  const groups = new Map<string, KeyGroup>();
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    const pipeline = client.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key);
    const sizes = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const name = groupOf(key.slice(prefix.length));
      const g = groups.get(name) ?? { group: name, keys: 0, bytes: 0 };
      g.keys++;
      g.bytes += Number(sizes[i]?.[1] ?? 0);
      groups.set(name, g);
    });
  } while (cursor !== '0');
  return [...groups.values()].sort((a, b) => (a.group < b.group ? -1 : 1));
}

/** The record kinds that have an index under `prefix` (found by SCAN), sorted. */
export async function recordKinds(client: Redis, prefix: string): Promise<string[]> {
  const head = `${prefix}records:`;
  const kinds = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${head.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) kinds.add(key.slice(head.length));
  } while (cursor !== '0');
  return [...kinds].sort();
}
