import type { ReadOnlyRedis } from './read-only.js';

/** Keys asked for per SCAN step: large enough to be quick, small enough not to block Redis. */
const SCAN_STEP = 1000;

/** How many keys match one pattern, as far as SCAN got. */
export interface ScanTally {
  pattern: string;
  /** Distinct matching keys seen (SCAN may repeat a key; repeats are not counted). */
  count: number;
  /** `false`: every key was seen; `limit`: stopped at the limit; `stopped`: `shouldStop` said so. */
  cut: false | 'limit' | 'stopped';
  /** The first few matching keys, in SCAN order. */
  sample: string[];
}

/** Limits of one count. */
export interface ScanCountOptions {
  /** Stop once more than this many distinct keys exist: the count is then `limit`, a lower bound. */
  limit: number;
  /** How many key names to keep as a sample (default 5). */
  sample?: number;
  /** Checked between SCAN steps; `true` stops early (deadline near, probe aborted). */
  shouldStop?: () => boolean;
}

/**
 * Counts the keys matching `pattern` with SCAN MATCH (never KEYS, so Redis is never blocked),
 * reading at most `limit` distinct keys. Reusable wherever a pattern must be sized before acting,
 * for example the preview of a cache purge.
 */
export async function scanCount(redis: ReadOnlyRedis, pattern: string, opts: ScanCountOptions): Promise<ScanTally> {
  const seen = new Set<string>();
  const sampleSize = opts.sample ?? 5;
  const sample: string[] = [];
  let cursor = '0';
  do {
    if (opts.shouldStop?.()) return { pattern, count: seen.size, cut: 'stopped', sample };
    const step = await redis.scan(cursor, pattern, SCAN_STEP);
    cursor = step.cursor;
    for (const key of step.keys) {
      if (seen.has(key)) continue;
      if (seen.size === opts.limit) return { pattern, count: opts.limit, cut: 'limit', sample };
      seen.add(key);
      if (sample.length < sampleSize) sample.push(key);
    }
  } while (cursor !== '0');
  return { pattern, count: seen.size, cut: false, sample };
}
