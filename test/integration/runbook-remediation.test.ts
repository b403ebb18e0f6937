import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Button } from '../../src/core/reply.js';
import { harness, TEST_CONFIG } from '../support/harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `zhiban-test-rb:${randomUUID().slice(0, 8)}:`;
let admin: Redis;

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { lazyConnect: true });
  await admin.connect();
});

afterAll(async () => {
  const left = await admin.keys(`${prefix}*`);
  if (left.length) await admin.del(...left);
  admin.disconnect();
});

describe('a runbook remediation button against a real Redis', () => {
  it('clicking it files the exact request; it runs only after another approver approves', async () => {
    await admin.set(`${prefix}stale:1`, 'x', 'EX', 600);
    await admin.set(`${prefix}stale:2`, 'x', 'EX', 600);
    await admin.set(`${prefix}keep:1`, 'x', 'EX', 600);
    const h = await harness({
      yaml: `${TEST_CONFIG}
probes: { redis: { url: "${REDIS_URL}" } }
runbook:
  symptoms:
    - id: stale-cache
      aliases: [旧缓存]
      manual: "2.3"
      title: { en: stale cache, zh-CN: 缓存过期 }
      checks: [redis]
      next: [{ en: "Purge the stale keys.", zh-CN: "清理过期键。" }]
      remediations: [{ action: cache-purge, params: { pattern: "${prefix}stale:*" } }]
`,
    });
    await h.run('alice', '/incident declare P3 stale cache');
    const section = await h.run('alice', '/runbook 旧缓存');
    const buttons: Button[] = section.reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    const purge = buttons.find((b) => b.command?.startsWith('/cache purge'));
    expect(purge?.command).toBe(`/cache purge ${prefix}stale:*`);
    const filed = await h.run('alice', purge!.command!);
    expect(filed.text).toContain(`delete 2 Redis keys matching "${prefix}stale:*"`);
    expect(await admin.exists(`${prefix}stale:1`)).toBe(1);
    const id = /REQ-[\w-]+/.exec(filed.text)![0];
    expect((await h.run('alice', `/approve ${id}`)).reply.ok).toBe(false);
    const approved = await h.run('bob', `/approve ${id}`);
    expect(approved.text).toContain('deleted 2 keys');
    expect(await admin.exists(`${prefix}stale:1`, `${prefix}stale:2`)).toBe(0);
    expect(await admin.exists(`${prefix}keep:1`)).toBe(1);
  });
});
