import { describe, expect, it } from 'vitest';
import { assessContainer, assessService } from '../../src/probes/docker/assess.js';
import type { ServiceContainer } from '../../src/probes/docker/services.js';
import { hostProbeConfigSchema } from '../../src/probes/host/config.js';
import { assessDisk, type DiskUsage } from '../../src/probes/host/disk.js';
import { assessHost, type MemoryUsage } from '../../src/probes/host/host.js';
import { httpTargetSchema } from '../../src/probes/http/config.js';
import { assessExchange, type Exchange } from '../../src/probes/http/probe.js';
import { ordersProbeConfigSchema } from '../../src/probes/orders/config.js';
import { assessOrderCheck } from '../../src/probes/orders/probe.js';

/** Defaults: disk warn 80 % / crit 90 %, inodes warn 90 %, memory warn 90 %, load 2 per core. */
const host = hostProbeConfigSchema.parse({});

describe('disk thresholds', () => {
  const disk = (usedPct: number, inodesUsedPct: number | null = 1): DiskUsage =>
    ({ path: '/', resolved: '/', size: 100, used: usedPct, available: 100 - usedPct, usedPct, inodes: 100, inodesFree: 10, inodesUsedPct });
  const space = (pct: number) => assessDisk(disk(pct), host)[0]!.verdict;
  const inodes = (pct: number) => assessDisk(disk(1, pct), host)[1]?.verdict;

  it('space is crit at and above diskCritPct, warn at diskWarnPct, ok just below', () => {
    expect([space(90), space(91), space(89), space(80), space(79)]).toEqual(['crit', 'crit', 'warn', 'warn', 'ok']);
  });

  it('inodes warn at and above inodeWarnPct and say nothing below or when not counted', () => {
    expect([inodes(90), inodes(91), inodes(89)]).toEqual(['warn', 'warn', undefined]);
    expect(assessDisk(disk(1, null), host)).toHaveLength(1);
  });
});

describe('host thresholds', () => {
  const mem = (usedPct: number): MemoryUsage => ({ total: 100, available: 100 - usedPct, usedPct, swapTotal: 0, swapFree: 0, source: 'meminfo' });
  const judge = (load1: number, memPct = 1) => assessHost({ cores: 4, loads: [load1, 0, 0], mem: mem(memPct), uptimeSeconds: 60 }, host).findings.map((f) => f.verdict);

  it('load warns at and above loadWarnPerCore per core, not below', () => {
    expect(judge(8)[0]).toBe('warn');
    expect(judge(8.04)[0]).toBe('warn');
    expect(judge(7.96)[0]).toBe('ok');
  });

  it('memory warns at and above memoryWarnPct, not below', () => {
    expect([judge(0, 90)[1], judge(0, 91)[1], judge(0, 89)[1]]).toEqual(['warn', 'warn', 'ok']);
  });
});

describe('http thresholds', () => {
  const target = httpTargetSchema.parse({ name: 'api', url: 'http://127.0.0.1/', slowMs: 1000, critMs: 3000, expectStatus: [200, 204] });
  const exchange = (status: number, totalMs: number): Exchange => ({ status, location: null, headersMs: 1, totalMs, body: { text: '', bytes: 0, cut: false } });
  const timing = (ms: number) => assessExchange(target, exchange(200, ms))[1]!.verdict;

  it('the total time warns above slowMs and is crit above critMs (at the threshold is still fine)', () => {
    expect([timing(1000), timing(1001), timing(3000), timing(3001)]).toEqual(['ok', 'warn', 'warn', 'crit']);
  });

  it('any expected status is ok; any other is crit', () => {
    expect(assessExchange(target, exchange(204, 1))[0]!.verdict).toBe('ok');
    expect(assessExchange(target, exchange(201, 1))[0]!.verdict).toBe('crit');
    expect(assessExchange(target, exchange(502, 1))[0]!.text.en).toContain('manual 2.8');
  });
});

describe('docker thresholds', () => {
  const NOW = Date.parse('2026-11-22T02:00:00Z');
  const container = (over: Partial<ServiceContainer> = {}): ServiceContainer => ({
    id: 'c1', name: 'backend-1', service: 'backend', state: 'running', status: 'Up', health: 'none', failingStreak: 0,
    restartCount: 0, startedAt: '2026-11-22T01:00:00Z', finishedAt: null, exitCode: null, oomKilled: false, image: 'mall', tty: false, ...over,
  });

  it('restarts warn at and above restartWarn, not below', () => {
    const restarts = (n: number) => assessContainer(container({ restartCount: n }), 3, NOW).verdict;
    expect([restarts(3), restarts(4), restarts(2)]).toEqual(['warn', 'warn', 'ok']);
  });

  it('a service is crit with fewer healthy containers than minHealthy, ok at exactly minHealthy', () => {
    const two = [container(), container({ id: 'c2', name: 'backend-2' })];
    const spec = (minHealthy: number) => ({ name: 'backend', minHealthy });
    expect(assessService(spec(2), two, [], 3, NOW).verdict).toBe('ok');
    expect(assessService(spec(3), two, [], 3, NOW).verdict).toBe('crit');
    expect(assessService(spec(2), [two[0]!, container({ id: 'c2', health: 'unhealthy' })], [], 3, NOW).verdict).toBe('crit');
  });
});

describe('orders thresholds', () => {
  const [check] = ordersProbeConfigSchema.parse({}).checks;
  const outcome = (rows: number) => ({ check: { ...check!, verdict: 'crit' as const }, rows: Array.from({ length: rows }, (_, i) => ({ order_no: `B${i}` })) as never[], capped: false });

  it('no anomalous row is ok; one row already takes the check\'s configured verdict', () => {
    expect(assessOrderCheck(outcome(0), (s) => s).verdict).toBe('ok');
    expect(assessOrderCheck(outcome(1), (s) => s).verdict).toBe('crit');
  });
});
