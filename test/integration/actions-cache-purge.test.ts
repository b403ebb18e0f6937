import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longestLiteralRun, patternProblem } from '../../src/actions/redis-pattern.js';
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
    expect(preview.summary.en).toBe(`delete 25 Redis keys matching "${pattern}"`);
    expect(preview.summary['zh-CN']).toBe(`删除匹配“${pattern}”的 25 个 Redis 键`);
    expect(preview.snapshot).toEqual({ count: 25 });
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

  it('refuses, deleting nothing, when the count grew to more than twice the preview + 100', async () => {
    await seed('grow', 25);
    const purge = handler(actionsFor({}, probes), 'cache-purge');
    const pattern = `${prefix}grow:*`;
    const preview = await purge.prepare({ pattern }, step());
    expect(preview.snapshot).toEqual({ count: 25 });
    await seed('grow', 200, 25);

    const outcome = await purge.execute({ pattern }, preview.snapshot, step());
    expect(outcome.status).toBe('refused');
    expect(outcome.result.en).toContain(`more than 150 keys match "${pattern}" now (25 at request time)`);
    expect(await keys(pattern)).toHaveLength(225);
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
