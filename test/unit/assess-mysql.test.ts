import { describe, expect, it } from 'vitest';
import { assessMysql, LOCK_WAIT_CRIT_COUNT, LOCK_WAIT_CRIT_SECONDS, LONG_QUERY_CRIT_COUNT, LONG_QUERY_CRIT_FACTOR, type MysqlSnapshot } from '../../src/probes/mysql/assess.js';
import { mysqlProbeConfigSchema } from '../../src/probes/mysql/config.js';
import type { LockWait } from '../../src/probes/mysql/lock-waits.js';
import type { LongQuery } from '../../src/probes/mysql/long-queries.js';

/** Defaults: connections warn 80 % / crit 95 %, 20 threads running, ping 200 ms, long query 5 s, deadlocks within 60 min. */
const cfg = mysqlProbeConfigSchema.parse({});
const same = (s: string) => s;

function snapshot(over: Partial<MysqlSnapshot> = {}, status: Record<string, number> = {}): MysqlSnapshot {
  return {
    version: 'MariaDB 11',
    pingMs: 1,
    status: new Map(Object.entries({ Threads_connected: 1, Threads_running: 1, ...status })),
    maxConnections: 100,
    longQueries: [],
    lockWaits: [],
    deadlock: undefined,
    ...over,
  };
}

function verdictOf(s: MysqlSnapshot, prefix: string): string | undefined {
  return assessMysql(s, cfg, same).findings.find((f) => f.text.en.startsWith(prefix))?.verdict;
}

const connections = (n: number) => verdictOf(snapshot({}, { Threads_connected: n }), 'connections ');
const longQuery = (id: number, timeSeconds: number): LongQuery => ({ id, user: 'app', host: 'h', db: 'mall', timeSeconds, state: null, info: 'SELECT 1' });
const lockWait = (waitSeconds: number): LockWait => ({ waitingId: 7, waitingQuery: 'UPDATE t', waitSeconds, blockingId: 8, blockingQuery: null, blockingTrxSeconds: 40 });

describe('MySQL assessment thresholds', () => {
  it('connections are crit at and above connectionsCritPct, warn at connectionsWarnPct, ok just below', () => {
    expect(connections(95)).toBe('crit');
    expect(connections(96)).toBe('crit');
    expect(connections(94)).toBe('warn');
    expect(connections(80)).toBe('warn');
    expect(connections(79)).toBe('ok');
  });

  it('threads running warn at threadsRunningWarn, not below', () => {
    expect(verdictOf(snapshot({}, { Threads_running: 20 }), '20 threads running')).toBe('warn');
    expect(verdictOf(snapshot({}, { Threads_running: 21 }), '21 threads running')).toBe('warn');
    expect(assessMysql(snapshot({}, { Threads_running: 19 }), cfg, same).verdict).toBe('ok');
  });

  it('ping warns only above latencyWarnMs', () => {
    expect(verdictOf(snapshot({ pingMs: 200 }), 'MariaDB 11 answers')).toBe('ok');
    expect(verdictOf(snapshot({ pingMs: 201 }), 'slow ping')).toBe('warn');
  });

  it('a long query is crit at slowQuerySeconds × factor, warn just below; that many long queries is crit', () => {
    const critAt = cfg.slowQuerySeconds * LONG_QUERY_CRIT_FACTOR;
    expect(verdictOf(snapshot({ longQueries: [longQuery(1, critAt)] }), '1 long query')).toBe('crit');
    expect(verdictOf(snapshot({ longQueries: [longQuery(1, critAt + 1)] }), '1 long query')).toBe('crit');
    expect(verdictOf(snapshot({ longQueries: [longQuery(1, critAt - 1)] }), '1 long query')).toBe('warn');
    const many = (n: number) => Array.from({ length: n }, (_, i) => longQuery(i + 1, cfg.slowQuerySeconds));
    expect(verdictOf(snapshot({ longQueries: many(LONG_QUERY_CRIT_COUNT) }), `${LONG_QUERY_CRIT_COUNT} long queries`)).toBe('crit');
    expect(verdictOf(snapshot({ longQueries: many(LONG_QUERY_CRIT_COUNT - 1) }), `${LONG_QUERY_CRIT_COUNT - 1} long queries`)).toBe('warn');
  });

  it('a lock wait is crit at LOCK_WAIT_CRIT_SECONDS, warn below; that many waits at once are all crit', () => {
    expect(verdictOf(snapshot({ lockWaits: [lockWait(LOCK_WAIT_CRIT_SECONDS)] }), 'thread 7 waits')).toBe('crit');
    expect(verdictOf(snapshot({ lockWaits: [lockWait(LOCK_WAIT_CRIT_SECONDS + 1)] }), 'thread 7 waits')).toBe('crit');
    expect(verdictOf(snapshot({ lockWaits: [lockWait(LOCK_WAIT_CRIT_SECONDS - 1)] }), 'thread 7 waits')).toBe('warn');
    const waits = (n: number) => Array.from({ length: n }, () => lockWait(1));
    expect(verdictOf(snapshot({ lockWaits: waits(LOCK_WAIT_CRIT_COUNT) }), 'thread 7 waits')).toBe('crit');
    expect(verdictOf(snapshot({ lockWaits: waits(LOCK_WAIT_CRIT_COUNT - 1) }), 'thread 7 waits')).toBe('warn');
  });

  it('a deadlock warns within deadlockWindowMinutes (inclusive) and is history after it', () => {
    const deadlock = (ageSeconds: number) => ({ at: '2026-11-22 10:00:00', ageSeconds, threads: [1, 2], tables: ['`mall`.`orders`'], rolledBack: '(1)', excerpt: '' });
    const window = cfg.deadlockWindowMinutes * 60;
    expect(verdictOf(snapshot({ deadlock: deadlock(window) }), 'deadlock ')).toBe('warn');
    expect(verdictOf(snapshot({ deadlock: deadlock(window - 1) }), 'deadlock ')).toBe('warn');
    expect(verdictOf(snapshot({ deadlock: deadlock(window + 1) }), 'last deadlock')).toBe('ok');
  });
});
