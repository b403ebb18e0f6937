import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PurgeRedis, purgeKeys, purgeTolerance } from '../../src/actions/cache-purge.js';
import { longestLiteralRun, patternProblem } from '../../src/actions/redis-pattern.js';
import { withRedisClient } from '../../src/probes/redis/client.js';
import { actionsFor, handler, step, userErrorText } from '../support/actions.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `zhiban-test:${randomUUID().slice(0, 8)}:`;
const probes = { timeoutMs: 5000, redis: { url: REDIS_URL } };

let admin: Redis;

async function keys(pattern: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    for (const k of batch) found.add(k);
  } while (cursor !== '0');
  return [...found].sort();
}

/** Sets `n` keys `<prefix><group>:<i>`. */
async function seed(group: string, n: number, from = 0): Promise<void> {
  const pipe = admin.pipeline();
  for (let i = from; i < from + n; i += 1) pipe.set(`${prefix}${group}:${i}`, 'v', 'EX', 600);
  await pipe.exec();
}

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { lazyConnect: true });
  await admin.connect();
});

afterAll(async () => {
  const left = await keys(`${prefix}*`);
  if (left.length) await admin.del(...left);
  admin.disconnect();
});

describe('cache-purge action against a real Redis', () => {
  it('previews the count and a sample, then deletes exactly the matching keys', async () => {
    await Promise.all([seed('cache', 25), seed('keep', 5)]);
    const purge = handler(actionsFor({}, probes), 'cache-purge');
    const pattern = `${prefix}cache:*`;
    const preview = await purge.prepare({ pattern }, step());
    expect(preview.summary.en).toBe(`delete 25 Redis keys matching "${pattern}" (at most 30 keys will be deleted)`);
    expect(preview.summary['zh-CN']).toBe(`删除匹配“${pattern}”的 25 个 Redis 键（最多删除 30 个）`);
    expect(preview.snapshot).toEqual({ count: 25, maxDelete: 30 });
    const sample = preview.detail!.split('\n').slice(1);
    expect(sample).toHaveLength(10);
    for (const k of sample) expect(k.startsWith(`${prefix}cache:`)).toBe(true);

    const outcome = await purge.execute({ pattern }, preview.snapshot, step());
    expect(outcome).toMatchObject({ status: 'done', result: { en: `deleted 25 keys matching "${pattern}"` } });
    expect(await keys(pattern)).toEqual([]);
    expect(await keys(`${prefix}keep:*`)).toHaveLength(5);

    const [check] = await purge.verify!({ pattern });
    expect(check?.probe).toBe('redis');
  });

  it('refuses patterns that match everything or nearly, naming the rule and an example', async () => {
    const purge = handler(actionsFor({}, probes), 'cache-purge');
    for (const pattern of ['*', '?*', '**', '[a-z]*', 'ab*', 'a?b?c*']) {
      const text = await userErrorText(purge.prepare({ pattern }, step()));
      expect(text).toContain(`pattern "${pattern}" is too broad: it needs at least 3 literal characters in a row`);
      expect(text).toContain('e.g. "*:cache:*"');
    }
    expect(patternProblem('*:cache:*', 3)).toBeUndefined();
    expect(longestLiteralRun('\\*\\*\\*[abc]x')).toBe(3);
    expect(await userErrorText(purge.prepare({ pattern: `${prefix} *` }, step()))).toContain('spaces or control characters');
  });

  it('refuses a pattern matching more keys than the guard allows', async () => {
    await seed('many', 25);
    const purge = handler(actionsFor({ guards: { maxKeysPerPurge: 10 } }, probes), 'cache-purge');
    const text = await userErrorText(purge.prepare({ pattern: `${prefix}many:*` }, step()));
    expect(text).toContain(`too many keys (more than 10) match "${prefix}many:*": narrow the pattern`);
    expect(await keys(`${prefix}many:*`)).toHaveLength(25);
  });

  it('refuses a pattern matching nothing', async () => {
    const purge = handler(actionsFor({}, probes), 'cache-purge');
    expect(await userErrorText(purge.prepare({ pattern: `${prefix}none:*` }, step()))).toContain('nothing to delete');
  });

  it('refuses, deleting nothing, when the count grew a lot', async () => {
    await seed('grow', 25);
    const purge = handler(actionsFor({}, probes), 'cache-purge');
    const pattern = `${prefix}grow:*`;
    const preview = await purge.prepare({ pattern }, step());
    expect(preview.snapshot).toEqual({ count: 25, maxDelete: 30 });
    await seed('grow', 200, 25);

    const outcome = await purge.execute({ pattern }, preview.snapshot, step());
    expect(outcome.status).toBe('refused');
    expect(outcome.result.en).toContain(`more than 30 keys match "${pattern}" now (25 at request time, at most 30 approved)`);
    expect(outcome.result['zh-CN']).toContain('未删除任何键');
    expect(await keys(pattern)).toHaveLength(225);
  });

  it('refuses "delete 3 keys" once 99 match, deleting nothing', async () => {
    await seed('few', 3);
    const purge = handler(actionsFor({}, probes), 'cache-purge');
    const pattern = `${prefix}few:*`;
    const preview = await purge.prepare({ pattern }, step());
    expect(preview.summary.en).toContain('delete 3 Redis keys');
    expect(preview.summary.en).toContain('(at most 8 keys will be deleted)');
    await seed('few', 96, 3);

    const outcome = await purge.execute({ pattern }, preview.snapshot, step());
    expect(outcome.status).toBe('refused');
    expect(outcome.result.en).toContain(`more than 8 keys match "${pattern}" now (3 at request time, at most 8 approved)`);
    expect(outcome.result.en).toContain('nothing was deleted');
    expect(outcome.result['zh-CN']).toContain(`现在匹配“${pattern}”的键超过 8 个（请求时为 3 个`);
    expect(await keys(pattern)).toHaveLength(99);
  });

  it('allows a target that grew a little, up to the previewed count + max(5, 10 %), and stops there', async () => {
    expect([3, 25, 50, 51, 700].map(purgeTolerance)).toEqual([5, 5, 5, 6, 70]);
    await seed('little', 25);
    const purge = handler(actionsFor({}, probes), 'cache-purge');
    const pattern = `${prefix}little:*`;
    const preview = await purge.prepare({ pattern }, step());
    await seed('little', 5, 25);
    const outcome = await purge.execute({ pattern }, preview.snapshot, step());
    expect(outcome.status, outcome.result.en).toBe('done');
    expect(outcome.result.en).toBe(`deleted 30 keys matching "${pattern}"; stopped at the approved maximum of 30`);
    expect(outcome.result['zh-CN']).toContain('已删除');
    expect(await keys(pattern)).toEqual([]);

    // Keys written between the recount and the purge: it deletes up to its cap and leaves the rest.
    await seed('capped', 40);
    const cappedPattern = `${prefix}capped:*`;
    let deleted = 0;
    const reached = await withRedisClient(REDIS_URL, { signal: step(), timeoutMs: 5000 }, (client) =>
      purgeKeys(new PurgeRedis(client), cappedPattern, 30, step(), (n) => (deleted += n)),
    );
    expect(reached).toBe(true);
    expect(deleted).toBe(30);
    expect(await keys(cappedPattern)).toHaveLength(10);
  });

  it('re-checks guards.maxKeysPerPurge at execution', async () => {
    await seed('guard', 25);
    const pattern = `${prefix}guard:*`;
    const preview = await handler(actionsFor({}, probes), 'cache-purge').prepare({ pattern }, step());
    const stricter = handler(actionsFor({ guards: { maxKeysPerPurge: 20 } }, probes), 'cache-purge');
    const outcome = await stricter.execute({ pattern }, preview.snapshot, step());
    expect(outcome.status).toBe('refused');
    expect(outcome.result.en).toBe(`more than 20 keys match "${pattern}" now, over actions.guards.maxKeysPerPurge: nothing was deleted; narrow the pattern`);
    expect(outcome.result['zh-CN']).toContain('maxKeysPerPurge');
    expect(await keys(pattern)).toHaveLength(25);
  });

  it('bounds its run time by the number of keys it may delete (no waiting)', () => {
    const purge = (maxKeysPerPurge: number, timeoutMs: number) =>
      handler(actionsFor({ guards: { maxKeysPerPurge } }, { timeoutMs, redis: { url: REDIS_URL } }), 'cache-purge');
    // 4 × timeoutMs (connect + recount, two SCAN walks) + 250 ms per UNLINK of 500 keys + 5 s slack.
    expect(purge(100_000, 5000).maxRunMs!({ pattern: 'x:cache:*' })).toBe(20_000 + 200 * 250 + 5000);
    expect(purge(1000, 2000).maxRunMs!({ pattern: 'x:cache:*' })).toBe(8000 + 2 * 250 + 5000);
  });

  it('deletes more keys than one batch, including a few added since the preview', async () => {
    await seed('page', 700);
    const purge = handler(actionsFor({}, probes), 'cache-purge');
    const pattern = `${prefix}page:*`;
    const preview = await purge.prepare({ pattern }, step());
    await seed('page', 50, 700);
    const outcome = await purge.execute({ pattern }, preview.snapshot, step());
    expect(outcome.result.en).toBe(`deleted 750 keys matching "${pattern}"`);
    expect(await keys(pattern)).toEqual([]);
  });
});
