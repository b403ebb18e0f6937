import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, RedisServer } from '../support/redis-server.js';

const BIN = resolve('bin/zhiban.js');
const REDIS_CONFIG = `
store: { kind: redis, url: '\${ZHIBAN_REDIS_URL}', prefix: 'cli:' }
users:
  - { id: alice, roles: [responder, approver] }
platforms: { console: { user: alice } }
`;

/** Runs `zhiban <args>` in `cwd` as a child process with `env` added. */
function zhiban(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ZHIBAN_CONFIG: '', USER: 'nobody', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let server: RedisServer;
beforeAll(async () => {
  server = await RedisServer.start();
});
afterAll(async () => server.stop());

/** Each test starts several zhiban processes; on a busy machine each may take seconds. */
describe('zhiban on the Redis store', { timeout: 120_000 }, () => {
  it('exits 2 naming the URL, password redacted, when Redis cannot be reached at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-redis-cli-'));
    writeFileSync(join(dir, 'redis.yml'), REDIS_CONFIG);
    const url = `redis://:hunter2-pw@127.0.0.1:${await freePort()}`;
    const r = zhiban(dir, ['exec', '--config', 'redis.yml', '/incident list'], { ZHIBAN_REDIS_URL: url });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot reach the Redis store at ${url.replace('hunter2-pw', '***')}`);
    expect(r.err + r.out).not.toContain('hunter2');
  });

  it('store copy moves a file store to Redis, verified by reading both back; the bot then serves it from Redis', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-redis-cli-'));
    writeFileSync(join(dir, 'redis.yml'), REDIS_CONFIG);
    expect(zhiban(dir, ['exec', '--as', 'alice', '/incident declare P2 订单导出很慢']).code).toBe(0);

    const copied = zhiban(dir, ['store', 'copy', '--from', 'file:./data', '--to', server.url, '--prefix', 'cli:']);
    expect(copied.err).toBe('');
    expect(copied.out).toContain('copied 1 incidents (1 events copied)');
    expect(copied.out).toContain('read both back: identical');

    const env = { ZHIBAN_REDIS_URL: server.url };
    const shown = zhiban(dir, ['exec', '--config', 'redis.yml', '/incident timeline'], env);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('订单导出很慢');
    const stats = zhiban(dir, ['store', 'stats', '--config', 'redis.yml'], env);
    expect(stats.code).toBe(0);
    expect(stats.out).toContain('incidents: 1');
    expect(stats.out).toMatch(/incidents\s+1\s+\d/);
    const rebuilt = zhiban(dir, ['store', 'rebuild-index', '--config', 'redis.yml'], env);
    expect(rebuilt.out).toContain('rebuilt 1 incident summaries, 1 open');
  });

  it('store with a bad sub-command or store prints its usage and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-redis-cli-'));
    expect(zhiban(dir, ['store', 'vacuum']).code).toBe(2);
    const bad = zhiban(dir, ['store', 'copy', '--from', 'ftp://x', '--to', 'file:./x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown store "ftp://x"');
  });
});
