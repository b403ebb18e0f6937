import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redisProbeConfigSchema } from '../../src/probes/redis/config.js';
import { redisProbe } from '../../src/probes/redis/probe.js';
import { ReadOnlyRedis, RedisCommandRefused, type RedisCaller } from '../../src/probes/redis/read-only.js';
import { scanCount } from '../../src/probes/redis/scan-count.js';
import { runProbe } from '../../src/probes/run-probe.js';
import type { ProbeResult } from '../../src/probes/types.js';
import { closedPort, startSilentListener } from '../support/net-fixtures.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const tag = randomUUID().slice(0, 8);
const prefix = `zhiban-test:${tag}:`;
/** No redaction by the runner: whatever stays secret, the probe kept secret itself. */
const noRedact = (s: string): string => s;

let admin: Redis;

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { lazyConnect: true });
  await admin.connect();
});

afterAll(async () => {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  if (keys.length) await admin.del(...keys);
  admin.disconnect();
});

function probeWith(over: Record<string, unknown> = {}, timeoutMs = 3000): Promise<ProbeResult> {
  const cfg = redisProbeConfigSchema.parse({ url: REDIS_URL, patterns: [`${prefix}lock:*`], ...over });
  return runProbe(redisProbe(cfg), timeoutMs, noRedact);
}

const texts = (r: ProbeResult): string => r.findings.map((f) => `${f.verdict} ${f.text.en} | ${f.text['zh-CN']}`).join('\n');

/** Counters since server start that legitimately warn on a shared Redis another run may have stressed. */
async function startCountersDirty(): Promise<boolean> {
  const stats = await admin.info('stats');
  return /rejected_connections:[1-9]/.test(stats) || /evicted_keys:[1-9]/.test(stats);
}

describe('redis probe config', () => {
  it('is complete for a fresh machine', () => {
    const expected = {
      url: 'redis://127.0.0.1:6379',
      memoryWarnPct: 80,
      memoryCritPct: 95,
      clientsWarnPct: 80,
      fragmentationWarn: 1.5,
      latencyWarnMs: 50,
      patterns: ['stock:lock:*'],
      scanLimit: 10_000,
    };
    expect(redisProbeConfigSchema.parse(undefined)).toEqual(expected);
    expect(redisProbeConfigSchema.parse({})).toEqual(expected);
    for (const url of ['http://x', 'redis://:pw@[bad']) expect(redisProbeConfigSchema.safeParse({ url }).success).toBe(false);
    expect(redisProbeConfigSchema.safeParse({ memoryWarnPct: 96 }).success).toBe(false);
  });
});

describe('read-only gate', () => {
  it('refuses writes before they reach the real server', async () => {
    const key = `${prefix}gate`;
    await admin.set(key, 'kept');
    const gate = new ReadOnlyRedis(admin);
    await expect(gate.send('SET', `${prefix}written`, 'x')).rejects.toBeInstanceOf(RedisCommandRefused);
    await expect(gate.send('del', key)).rejects.toBeInstanceOf(RedisCommandRefused);
    const policy = await admin.config('GET', 'maxmemory-policy');
    await expect(gate.send('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random')).rejects.toThrow(/allowlist/);
    expect(await admin.exists(`${prefix}written`)).toBe(0);
    expect(await admin.get(key)).toBe('kept');
    expect(await admin.config('GET', 'maxmemory-policy')).toEqual(policy);
    expect(await gate.ping()).toBe('PONG');
  });

  it('forwards nothing that is not an allowlisted read', async () => {
    const sent: string[] = [];
    const recorder: RedisCaller = { call: async (c, ...a) => sent.push([c, ...a].join(' ')) };
    const gate = new ReadOnlyRedis(recorder);
    const refused: Array<[string, ...string[]]> = [
      ['FLUSHALL'],
      ['FLUSHDB'],
      ['KEYS', '*'],
      ['EVAL', 'return 1', '0'],
      ['CONFIG', 'GET', 'requirepass'],
      ['CONFIG', 'RESETSTAT', 'maxmemory'],
      ['INFO', 'commandstats'],
      ['SCAN', '0', 'MATCH', '*', 'COUNT', '10', 'TYPE', 'string'],
      ['SHUTDOWN'],
      ['PING', 'extra'],
    ];
    for (const [cmd, ...args] of refused) {
      await expect(gate.send(cmd, ...args), cmd).rejects.toBeInstanceOf(RedisCommandRefused);
    }
    expect(sent).toEqual([]);
    await gate.send('CONFIG', 'GET', 'maxclients');
    await gate.send('SCAN', '0', 'MATCH', 'stock:lock:*', 'COUNT', 1000);
    expect(sent).toEqual(['CONFIG GET maxclients', 'SCAN 0 MATCH stock:lock:* COUNT 1000']);
  });
});

describe.sequential('redis probe against the real Redis', () => {
  it('reports a healthy Redis with real numbers', async () => {
    const dirty = await startCountersDirty();
    const r = await probeWith({ patterns: ['stock:lock:*', `${prefix}lock:*`] });
    expect(r.probe).toBe('redis');
    expect(r.target).toBe('redis 127.0.0.1:6379');
    expect(r.verdict).toBe(dirty ? 'warn' : 'ok');
    if (!dirty) expect(r.summary.en).toMatch(/^PONG \d+\.\d ms · memory [\d.]+ \w+\/(∞|[\d.]+ \w+) · clients \d+\/\d+ · master/);
    expect(r.summary['zh-CN']).toBeTruthy();
    expect(texts(r)).toMatch(/ok PING \d+\.\d ms/);
    expect(texts(r)).toMatch(/memory [\d.]+ (B|KiB|MiB|GiB) used/);
    expect(texts(r)).toMatch(/master, \d+ replicas connected/);
    expect(texts(r)).toContain('stock:lock:*: ');
    expect(r.detail).toMatch(/redis_version 7\./);
    expect(r.detail).toMatch(/dbsize \d+/);
    expect(r.durationMs).toBeLessThan(3000);
  });

  it('counts keys of a pattern exactly with SCAN, and stops at scanLimit', async () => {
    const pipe = admin.pipeline();
    for (let i = 0; i < 25; i += 1) pipe.set(`${prefix}lock:${i}`, '1', 'EX', 120);
    for (let i = 0; i < 3; i += 1) pipe.set(`${prefix}other:${i}`, '1', 'EX', 120);
    await pipe.exec();
    const exact = await probeWith();
    expect(texts(exact)).toContain(`ok ${prefix}lock:*: 25 keys`);
    expect(exact.detail).toContain(`${prefix}lock:* 25 · e.g. ${prefix}lock:`);
    const capped = await probeWith({ scanLimit: 10 });
    expect(texts(capped)).toContain(`${prefix}lock:*: ≥ 10 keys`);
    const gate = new ReadOnlyRedis(admin);
    expect(await scanCount(gate, `${prefix}lock:*`, { limit: 25 })).toMatchObject({ count: 25, cut: false });
    expect(await scanCount(gate, `${prefix}lock:*`, { limit: 24 })).toMatchObject({ count: 24, cut: 'limit' });
    expect(await scanCount(gate, `${prefix}lock:*`, { limit: 99, shouldStop: () => true })).toMatchObject({ cut: 'stopped' });
  });

  describe.sequential('with server config changed (and restored)', () => {
    let saved: Record<string, string>;
    const usedMemory = async (): Promise<number> => Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);

    beforeAll(async () => {
      const pairs = await admin.config('GET', 'maxmemory', 'maxmemory-policy');
      saved = Object.fromEntries([0, 2].map((i) => [pairs[i], pairs[i + 1]]));
      expect(Object.keys(saved).sort()).toEqual(['maxmemory', 'maxmemory-policy']);
    });

    afterAll(async () => {
      for (const [name, value] of Object.entries(saved)) await admin.config('SET', name, value);
    });

    /** A limit far above current use (64 MiB headroom), so other test files never hit OOM or eviction. */
    const roomyLimit = async (): Promise<number> => (await usedMemory()) + 64 * 1024 * 1024;

    it('warns about noeviction once maxmemory is set: orders fail when memory is full', async () => {
      await admin.config('SET', 'maxmemory', String(await roomyLimit()));
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      const r = await probeWith();
      expect(r.verdict).toBe('warn');
      expect(r.summary.en).toContain('maxmemory-policy is noeviction');
      expect(r.summary['zh-CN']).toContain('noeviction');
      expect(texts(r)).toMatch(/ok memory \d+\.\d% used/);
    });

    it('grades memory use against maxmemory by the configured thresholds', async () => {
      const limit = await roomyLimit();
      await admin.config('SET', 'maxmemory', String(limit));
      await admin.config('SET', 'maxmemory-policy', 'volatile-lru');
      const pct = ((await usedMemory()) / limit) * 100;
      const warn = await probeWith({ memoryWarnPct: pct / 2, memoryCritPct: 99 });
      expect(texts(warn)).toMatch(/^warn memory \d+\.\d% used \([\d.]+ \w+ of maxmemory 65\.\d MiB\)/m);
      const crit = await probeWith({ memoryWarnPct: pct / 4, memoryCritPct: pct / 2 });
      expect(crit.verdict).toBe('crit');
      expect(crit.summary.en).toMatch(/^memory \d+\.\d% used/);
      expect(crit.summary['zh-CN']).toMatch(/^内存使用/);
    });

    it('treats CONFIG denied (as on managed Redis) as unknown, and keeps the URL password secret', async () => {
      const user = `zhiban-probe-${tag}`;
      const password = `pw-${randomUUID()}`;
      await admin.call('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all', '-config');
      try {
        const dirty = await startCountersDirty();
        const r = await probeWith({ url: `redis://${user}:${password}@127.0.0.1:6379/0` });
        expect(r.verdict).not.toMatch(/crit|error/);
        expect(r.verdict).toBe(dirty ? 'warn' : 'ok');
        expect(r.detail).toContain('CONFIG GET unavailable');
        expect(r.detail).toMatch(/maxclients \d+/);
        expect(JSON.stringify(r)).not.toContain(password);
        const wrong = await probeWith({ url: `redis://${user}:wrong-${password}@127.0.0.1:6379` });
        expect(wrong.verdict).toBe('crit');
        expect(wrong.summary.en).toMatch(/authentication failed/);
        expect(JSON.stringify(wrong)).not.toContain(password);
      } finally {
        await admin.call('ACL', 'DELUSER', user);
      }
    });
  });

  it('never shows a password given in the URL, even to a server without auth', async () => {
    const secret = `fake-secret-${tag}`;
    const r = await probeWith({ url: `redis://:${secret}@127.0.0.1:6379` });
    expect(r.verdict).not.toBe('error');
    expect(JSON.stringify(r)).not.toContain(secret);
  });
});

describe('redis probe when Redis is not there', () => {
  it('says connection refused (crit) for a closed port, with what to check', async () => {
    const port = await closedPort();
    const r = await probeWith({ url: `redis://127.0.0.1:${port}` });
    expect(r.verdict).toBe('crit');
    expect(r.target).toBe(`redis 127.0.0.1:${port}`);
    expect(r.summary.en).toMatch(/^connection refused/);
    expect(r.summary['zh-CN']).toMatch(/^连接被拒绝/);
    expect(texts(r)).toContain('/check docker redis');
  });

  it('times out on a listener that never answers, and hangs up', async () => {
    const silent = await startSilentListener();
    try {
      const r = await probeWith({ url: `redis://127.0.0.1:${silent.port}` }, 500);
      expect(r.verdict).toBe('timeout');
      expect(r.durationMs).toBeGreaterThanOrEqual(490);
      expect(r.durationMs).toBeLessThan(1000);
      await vi.waitFor(() => expect(silent.openSockets()).toBe(0), { timeout: 1000, interval: 20 });
    } finally {
      await silent.close();
    }
  });
});

describe('redis probe on a master and its replica (two redis-server processes of this test)', () => {
  const servers: ChildProcess[] = [];
  let dir: string;

  /** Starts a throwaway redis-server on a free port, persisting nothing, and waits until it answers PING. */
  async function startRedisServer(...extra: string[]): Promise<{ port: number; child: ChildProcess }> {
    const port = await closedPort();
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir,
        '--repl-diskless-sync-delay', '0', ...extra],
      { stdio: 'ignore' },
    );
    servers.push(child);
    const ping = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 });
    ping.on('error', () => undefined);
    try {
      await vi.waitFor(() => ping.ping(), { timeout: 5000, interval: 50 });
    } finally {
      ping.disconnect();
    }
    return { port, child };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zhiban-redis-'));
  });

  afterAll(async () => {
    for (const child of servers) child.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the replica on the master, and turns crit when the replica loses its master', async () => {
    const master = await startRedisServer();
    const replica = await startRedisServer('--replicaof', '127.0.0.1', String(master.port));
    const replicaUrl = `redis://127.0.0.1:${replica.port}`;
    await vi.waitFor(async () => expect(texts(await probeWith({ url: replicaUrl }))).toContain('link up'), {
      timeout: 5000,
      interval: 100,
    });
    // the master may list the replica a moment after the replica reports its link up
    const onMaster = await vi.waitFor(async () => {
      const r = await probeWith({ url: `redis://127.0.0.1:${master.port}` });
      expect(texts(r)).toContain('state=online');
      return r;
    }, { timeout: 5000, interval: 100 });
    expect(onMaster.verdict).toBe('ok');
    expect(texts(onMaster)).toMatch(new RegExp(`master, 1 replicas connected: 127\\.0\\.0\\.1:${replica.port} state=online`));

    const exited = new Promise((resolve) => master.child.once('exit', resolve));
    master.child.kill();
    await exited;
    await vi.waitFor(async () => {
      const r = await probeWith({ url: replicaUrl });
      expect(r.verdict).toBe('crit');
      expect(r.summary.en).toContain(`replica of 127.0.0.1:${master.port}: link to master is down`);
      expect(r.summary['zh-CN']).toContain('复制链路');
    }, { timeout: 5000, interval: 100 });
  });
});
