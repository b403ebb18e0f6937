import { UserError } from '../core/errors.js';
import type { Localized } from '../core/i18n/index.js';
import { redisUrlRedactor, withRedisClient } from '../probes/redis/client.js';
import type { RedisProbeConfig } from '../probes/redis/config.js';
import { redisProbe } from '../probes/redis/probe.js';
import { ReadOnlyRedis, type RedisCaller } from '../probes/redis/read-only.js';
import { scanCount } from '../probes/redis/scan-count.js';
import { describeFailure, L, runProbe } from '../probes/run-probe.js';
import { deadline, failed, parseApproved, parseParams, refused, RUN_SLACK_MS, type ActionDefinition, type Redact } from './common.js';
import { cachePurgeParams } from './params.js';
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
/** Time allowed for the UNLINK of one batch, on top of the SCAN walks. */
const UNLINK_BATCH_MS = 250;

/**
 * How many keys more than previewed an execution still accepts (written since the preview):
 * 10 % of the previewed count, at least 5.
 */
export function purgeTolerance(previewed: number): number {
  return Math.max(5, Math.ceil(previewed / 10));
}

/**
 * How long an execution deleting at most `keys` keys may take: connecting and recounting (one
 * `timeoutMs`, like the preview's count, plus the SCAN step in flight), the purge's SCAN walk
 * (smaller steps: two `timeoutMs`) and UNLINK_BATCH_MS per batch of PURGE_BATCH keys.
 */
function purgeBudgetMs(keys: number, timeoutMs: number): number {
  return 4 * timeoutMs + Math.ceil(keys / PURGE_BATCH) * UNLINK_BATCH_MS;
}

const paramsSchema = cachePurgeParams;
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

/**
 * SCAN + UNLINK in batches of PURGE_BATCH, deleting at most `cap` distinct keys (it stops there,
 * whatever else matches); `progress` sees how many existed in each batch. Resolves with whether it
 * reached `cap`.
 */
export async function purgeKeys(gate: PurgeRedis, pattern: string, cap: number, signal: AbortSignal, progress: (n: number) => void): Promise<boolean> {
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
  return seen.size >= cap;
}

/** The refusal when more keys match now than the preview promised to delete. */
function grew(pattern: string, previewed: number, promised: number): Localized {
  return L(
    `more than ${promised} keys match "${pattern}" now (${previewed} at request time, at most ${promised} approved): the target grew too much; nothing was deleted, ask again`,
    `现在匹配“${pattern}”的键超过 ${promised} 个（请求时为 ${previewed} 个，批准最多删除 ${promised} 个）：目标增长过多；未删除任何键，请重新发起请求`,
  );
}

/** The refusal when more keys match now than `actions.guards.maxKeysPerPurge` allows. */
function overGuard(pattern: string, maxKeys: number): Localized {
  return L(
    `more than ${maxKeys} keys match "${pattern}" now, over actions.guards.maxKeysPerPurge: nothing was deleted; narrow the pattern`,
    `现在匹配“${pattern}”的键超过 ${maxKeys} 个，超出 actions.guards.maxKeysPerPurge：未删除任何键；请缩小匹配范围`,
  );
}

/**
 * `cache-purge` (manual 2.3, 2.4): deletes the keys matching a pattern with SCAN + UNLINK in
 * batches of 500, never KEYS or FLUSH. Refuses patterns without `minLiteral` literal characters in
 * a row and patterns matching more than `maxKeys` keys. The preview promises at most the counted
 * keys + `purgeTolerance` (never more than `maxKeys`); execution recounts, refuses when more keys
 * match than promised or than `maxKeys` allows now, and stops deleting at that number whatever
 * is written meanwhile. `maxRunMs` is `purgeBudgetMs(maxKeys)` + RUN_SLACK_MS, and execution
 * stops itself after `purgeBudgetMs` of the keys it may delete (at most `maxKeys`).
 */
export function cachePurgeAction(d: CachePurgeDeps): ActionDefinition {
  const redact = redisUrlRedactor(d.probe.url, d.redact);
  const lookFailure = (err: unknown): UserError => {
    const f = describeFailure(err, redact).text;
    return new UserError('action.redisUncountable', { failure: f });
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
        throw new UserError('action.tooManyKeys', { max: d.maxKeys, pattern }, { showUsage: true });
      }
      if (tally.count === 0) {
        throw new UserError('action.noKeys', { pattern });
      }
      const maxDelete = Math.min(tally.count + purgeTolerance(tally.count), d.maxKeys);
      return {
        summary: L(
          `delete ${tally.count} Redis keys matching "${pattern}" (at most ${maxDelete} keys will be deleted)`,
          `删除匹配“${pattern}”的 ${tally.count} 个 Redis 键（最多删除 ${maxDelete} 个）`,
        ),
        detail: redact(`${tally.count} keys, e.g.:\n${tally.sample.join('\n')}`),
        snapshot: { count: tally.count, maxDelete },
        risk: 'normal',
      };
    },
    maxRunMs: () => purgeBudgetMs(d.maxKeys, d.timeoutMs) + RUN_SLACK_MS,
    async execute(params, snapshot, signal) {
      const parsed = parseApproved(paramsSchema, params);
      if (!parsed.ok) return parsed.outcome;
      const { pattern } = parsed.value;
      const previewed = Number(snapshot.count);
      const promised = Number(snapshot.maxDelete);
      if (!Number.isSafeInteger(previewed) || !Number.isSafeInteger(promised)) {
        return { status: 'failed', result: L('the request holds no valid key count: nothing was deleted; ask again', '请求中没有有效的键数量：未删除任何键；请重新发起请求') };
      }
      const limit = Math.min(promised, d.maxKeys);
      const bound = deadline(signal, purgeBudgetMs(limit, d.timeoutMs));
      const counting = deadline(bound, d.timeoutMs);
      let deleted = 0;
      try {
        return await withRedisClient(d.probe.url, { signal: bound, timeoutMs: d.timeoutMs }, async (client) => {
          const now = await scanCount(new ReadOnlyRedis(client), pattern, { limit, shouldStop: () => counting.aborted });
          if (now.cut === 'stopped') {
            throw signal.aborted ? signal.reason : new Error(`counting the keys again took longer than ${d.timeoutMs / 1000} s, nothing was deleted`);
          }
          if (now.cut === 'limit') return refused(limit < promised ? overGuard(pattern, d.maxKeys) : grew(pattern, previewed, promised));
          const reached = await purgeKeys(new PurgeRedis(client), pattern, limit, bound, (n) => (deleted += n));
          const capped = reached ? L(`; stopped at the approved maximum of ${limit}`, `；已达到批准的上限 ${limit} 个，不再删除`) : L('', '');
          return {
            status: 'done' as const,
            result: L(`deleted ${deleted} keys matching "${pattern}"${capped.en}`, `已删除匹配“${pattern}”的 ${deleted} 个键${capped['zh-CN']}`),
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
