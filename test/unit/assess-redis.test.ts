import { describe, expect, it } from 'vitest';
import { assessRedis, FRAGMENTATION_MIN_BYTES, type RedisSnapshot } from '../../src/probes/redis/assess.js';
import { redisProbeConfigSchema } from '../../src/probes/redis/config.js';
import type { Finding } from '../../src/probes/types.js';

/** Defaults: memory warn 80 % / crit 95 %, clients warn 80 %, fragmentation 1.5, latency 50 ms. */
const cfg = redisProbeConfigSchema.parse({});
const MAX = 1_000_000_000;

function snapshot(over: Partial<RedisSnapshot> & { info?: Record<string, string> } = {}): RedisSnapshot {
  return {
    pingMs: 1,
    maxmemory: MAX,
    policy: 'allkeys-lru',
    maxclients: 1000,
    configReadable: true,
    dbsize: 0,
    tallies: [],
    ...over,
    info: { used_memory: '0', connected_clients: '1', role: 'master', ...over.info },
  };
}

/** The verdict of the finding whose English text starts with `prefix`. */
function verdictOf(findings: Finding[], prefix: string): string | undefined {
  return findings.find((f) => f.text.en.startsWith(prefix))?.verdict;
}

const memory = (used: number) => verdictOf(assessRedis(snapshot({ info: { used_memory: String(used) } }), cfg), 'memory ');
const clients = (n: number) => verdictOf(assessRedis(snapshot({ info: { connected_clients: String(n) } }), cfg), 'clients ');
const fragmentation = (ratio: number, used = FRAGMENTATION_MIN_BYTES) =>
  verdictOf(assessRedis(snapshot({ maxmemory: 0, info: { used_memory: String(used), mem_fragmentation_ratio: String(ratio) } }), cfg), 'memory fragmentation');

describe('Redis assessment thresholds', () => {
  it('memory is crit at and above memoryCritPct, warn at memoryWarnPct, ok just below', () => {
    expect(memory(0.95 * MAX)).toBe('crit');
    expect(memory(0.95 * MAX + 1)).toBe('crit');
    expect(memory(0.95 * MAX - 1)).toBe('warn');
    expect(memory(0.8 * MAX)).toBe('warn');
    expect(memory(0.8 * MAX - 1)).toBe('ok');
  });

  it('clients are crit at maxclients, warn at clientsWarnPct, ok just below', () => {
    expect(clients(1000)).toBe('crit');
    expect(clients(1001)).toBe('crit');
    expect(clients(999)).toBe('warn');
    expect(clients(800)).toBe('warn');
    expect(clients(799)).toBe('ok');
  });

  it('fragmentation warns only above the ratio, and only once memory is large enough to matter', () => {
    expect(fragmentation(1.51)).toBe('warn');
    expect(fragmentation(1.5)).toBeUndefined();
    expect(fragmentation(0.99)).toBe('warn');
    expect(fragmentation(1)).toBeUndefined();
    expect(fragmentation(3, FRAGMENTATION_MIN_BYTES - 1)).toBeUndefined();
  });

  it('PING warns only above latencyWarnMs', () => {
    expect(verdictOf(assessRedis(snapshot({ pingMs: 50 }), cfg), 'PING')).toBe('ok');
    expect(verdictOf(assessRedis(snapshot({ pingMs: 50.1 }), cfg), 'PING')).toBe('warn');
  });

  it('one rejected connection or evicted key warns; none is silent', () => {
    const none = assessRedis(snapshot({ info: { rejected_connections: '0', evicted_keys: '0' } }), cfg);
    expect(none.filter((f) => f.verdict !== 'ok')).toEqual([]);
    const one = assessRedis(snapshot({ info: { rejected_connections: '1', evicted_keys: '1' } }), cfg);
    expect(verdictOf(one, '1 connections rejected')).toBe('warn');
    expect(verdictOf(one, '1 keys evicted')).toBe('warn');
  });

  it('noeviction warns whatever the memory use; a broken replica link is crit', () => {
    expect(verdictOf(assessRedis(snapshot({ policy: 'noeviction' }), cfg), 'maxmemory-policy is noeviction')).toBe('warn');
    const replica = snapshot({ info: { role: 'slave', master_host: 'm', master_port: '6379', master_link_status: 'down' } });
    expect(verdictOf(assessRedis(replica, cfg), 'replica of m:6379')).toBe('crit');
    expect(verdictOf(assessRedis(snapshot({ info: { role: 'slave', master_link_status: 'up' } }), cfg), 'replica of')).toBe('ok');
  });
});
