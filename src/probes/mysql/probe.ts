import type { Probe } from '../types.js';
import { assessMysql, type MysqlSnapshot } from './assess.js';
import type { MysqlProbeConfig } from './config.js';
import { withReadOnlySession, type ReadOnlySession } from './connection.js';
import { latestDeadlock } from './deadlock.js';
import { endpointLabel } from './dsn.js';
import { listLockWaits } from './lock-waits.js';
import { listLongQueries } from './long-queries.js';

/** At most this many long queries / lock waits are read (the first `topN` are shown). */
const LIST_CAP = 100;

/** Runs a section that needs extra privileges; its failure becomes a value, not a failed probe. */
async function optional<T>(read: () => Promise<T>): Promise<T | Error> {
  try {
    return await read();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

async function snapshot(session: ReadOnlySession, cfg: MysqlProbeConfig): Promise<MysqlSnapshot> {
  const pingMs = await session.ping();
  const statusRows = await session.select('globalStatus');
  const status = new Map(statusRows.map((r) => [String(r.Variable_name), Number(r.Value)]));
  const [limits] = await session.select('maxConnections');
  return {
    version: session.info.version,
    pingMs,
    status,
    maxConnections: Number(limits?.max_connections ?? 0),
    longQueries: await listLongQueries(session, cfg.slowQuerySeconds, LIST_CAP),
    lockWaits: await optional(() => listLockWaits(session, LIST_CAP)),
    deadlock: await optional(() => latestDeadlock(session)),
  };
}

/**
 * The `mysql` probe (manual 2.2, 2.4, 2.10): ping and latency, connections against
 * max_connections, running threads, the Slow_queries counter, long-running statements, lock
 * waits with their blocking thread, and the latest detected deadlock. Read-only by construction
 * (one read-only session, allowlisted statements); the target never shows user or password.
 */
export function mysqlProbe(cfg: MysqlProbeConfig): Probe {
  return {
    probe: 'mysql',
    target: `mysql ${endpointLabel(cfg.dsn)}`,
    run: (ctx) =>
      withReadOnlySession(cfg.dsn, ctx, async (session) => ({
        probe: 'mysql',
        target: `mysql ${endpointLabel(cfg.dsn)}`,
        ...assessMysql(await snapshot(session, cfg), cfg, (s) => ctx.redact(s)),
      })),
  };
}
