import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { redisUrlRedactor, withRedisClient } from '../probes/redis/client.js';
import type { RedisProbeConfig } from '../probes/redis/config.js';
import { redisProbe } from '../probes/redis/probe.js';
import { ReadOnlyRedis, type RedisCaller } from '../probes/redis/read-only.js';
import { scanCount } from '../probes/redis/scan-count.js';
import { describeFailure, L, runProbe } from '../probes/run-probe.js';
import { deadline, failed, parseApproved, parseParams, refused, type ActionDefinition, type Redact } from './common.js';
import { patternProblem } from './redis-pattern.js';

/** What the cache-purge handler needs: the Redis probe config (its URL), the guards and bounds. */
export interface CachePurgeDeps {
  probe: RedisProbeConfig;
  maxKeys: number;
  minLiteral: number;
  /** Bound of the count in `prepare`, of every Redis command, and of `verify`. */
  timeoutMs: number;
  redact: Redact;
}

/** Keys per SCAN step and per UNLINK in a purge. */
export const PURGE_BATCH = 500;
/** Keys shown in the preview. */
const SAMPLE = 10;

const paramsSchema = z.strictObject({ pattern: z.string().min(1).max(256) });
const hints = { pattern: L('a Redis key pattern such as *:cache:* (SCAN MATCH syntax)', 'Redis 键匹配模式，例如 *:cache:*（SCAN MATCH 语法）') };

/**
 * The only Redis client that deletes: it can send SCAN (through the read allowlist) and UNLINK
 * of the keys it is given, and nothing else (no DEL, no FLUSH*, no KEYS).
 */
export class PurgeRedis {
  private readonly reader: ReadOnlyRedis;

  constructor(private readonly conn: RedisCaller) {
    this.reader = new ReadOnlyRedis(conn);
  }

  /** One SCAN MATCH step. */
  scan(cursor: string, pattern: string, count: number): Promise<{ cursor: string; keys: string[] }> {
    return this.reader.scan(cursor, pattern, count);
  }

  /** UNLINKs `keys` (non-blocking delete); resolves with how many existed. */
  async unlink(keys: string[]): Promise<number> {
    return keys.length === 0 ? 0 : Number(await this.conn.call('UNLINK', ...keys));
  }
}

/** SCAN + UNLINK in batches of PURGE_BATCH, deleting at most `cap` distinct keys; `progress` sees each batch. */
async function purge(gate: PurgeRedis, pattern: string, cap: number, signal: AbortSignal, progress: (n: number) => void): Promise<void> {
  const seen = new Set<string>();
  let batch: string[] = [];
  let cursor = '0';
  const flush = async (): Promise<void> => {
    progress(await gate.unlink(batch));
    batch = [];
  };
  do {
    signal.throwIfAborted();
    const step = await gate.scan(cursor, pattern, PURGE_BATCH);
    cursor = step.cursor;
    for (const key of step.keys) {
      if (seen.has(key) || seen.size >= cap) continue;
      seen.add(key);
      batch.push(key);
      if (batch.length === PURGE_BATCH) await flush();
    }
  } while (cursor !== '0' && seen.size < cap);
  await flush();
}

/**
 * `cache-purge` (manual 2.3, 2.4): deletes the keys matching a pattern with SCAN + UNLINK in
 * batches of 500, never KEYS or FLUSH. Refuses patterns without `minLiteral` literal characters in
 * a row, patterns matching more than `maxKeys` keys, and (at execution) a target that grew to
 * more than twice the previewed count + 100; never deletes more keys than that.
 */
export function cachePurgeAction(d: CachePurgeDeps): ActionDefinition {
  const redact = redisUrlRedactor(d.probe.url, d.redact);
  const lookFailure = (err: unknown): UserError => {
    const f = describeFailure(err, redact).text;
    return UserError.text(L(`could not count the keys in Redis: ${f.en}`, `无法统计 Redis 中的键：${f['zh-CN']}`), false);
  };
  return {
    kind: 'cache-purge',
    params: paramsSchema,
    async prepare(params, signal) {
      const { pattern } = parseParams(paramsSchema, params, hints);
      const problem = patternProblem(pattern, d.minLiteral);
      if (problem) throw UserError.text(problem);
      const bound = deadline(signal, d.timeoutMs);
      let tally;
      try {
        tally = await withRedisClient(d.probe.url, { signal: bound, timeoutMs: d.timeoutMs }, (client) =>
          scanCount(new ReadOnlyRedis(client), pattern, { limit: d.maxKeys, sample: SAMPLE, shouldStop: () => bound.aborted }),
        );
      } catch (err) {
        throw lookFailure(err);
      }
      if (tally.cut === 'stopped') throw lookFailure(new Error(`counting took longer than ${d.timeoutMs / 1000} s`));
      if (tally.cut === 'limit') {
        throw UserError.text(
          L(`too many keys (more than ${d.maxKeys}) match "${pattern}": narrow the pattern`, `匹配“${pattern}”的键过多（超过 ${d.maxKeys} 个）：请缩小匹配范围`),
        );
      }
      if (tally.count === 0) {
        throw UserError.text(L(`no key matches "${pattern}": nothing to delete`, `没有键匹配“${pattern}”：无可删除`), false);
      }
      return {
        summary: L(`delete ${tally.count} Redis keys matching "${pattern}"`, `删除匹配“${pattern}”的 ${tally.count} 个 Redis 键`),
        detail: redact(`${tally.count} keys, e.g.:\n${tally.sample.join('\n')}`),
        snapshot: { count: tally.count },
        risk: 'normal',
      };
    },
    async execute(params, snapshot, signal) {
      const parsed = parseApproved(paramsSchema, params);
      if (!parsed.ok) return parsed.outcome;
      const { pattern } = parsed.value;
      const previewed = Number(snapshot.count);
      const cap = 2 * previewed + 100;
      let deleted = 0;
      try {
        return await withRedisClient(d.probe.url, { signal, timeoutMs: d.timeoutMs }, async (client) => {
          const now = await scanCount(new ReadOnlyRedis(client), pattern, { limit: cap, shouldStop: () => signal.aborted });
          if (now.cut !== false) {
            return refused(
              L(
                `more than ${cap} keys match "${pattern}" now (${previewed} at request time): the target changed a lot; nothing was deleted, ask again`,
                `现在匹配“${pattern}”的键超过 ${cap} 个（请求时为 ${previewed} 个）：目标变化很大；未删除任何键，请重新发起请求`,
              ),
            );
          }
          await purge(new PurgeRedis(client), pattern, cap, signal, (n) => (deleted += n));
          return {
            status: 'done' as const,
            result: L(`deleted ${deleted} keys matching "${pattern}"`, `已删除匹配“${pattern}”的 ${deleted} 个键`),
          };
        });
      } catch (err) {
        return failed(L(`purge of "${pattern}" stopped after ${deleted} deleted keys`, `清理“${pattern}”在删除 ${deleted} 个键后中断`), err, redact);
      }
    },
    async verify() {
      return [await runProbe(redisProbe(d.probe), d.timeoutMs, d.redact)];
    },
  };
}
