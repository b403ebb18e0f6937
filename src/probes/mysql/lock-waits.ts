import type { ReadOnlySession, ServerInfo } from './connection.js';
import { textOrNull as text } from './format.js';
import type { StatementName } from './statements.js';

/** A transaction waiting for a row lock, and the thread holding it. */
export interface LockWait {
  waitingId: number;
  waitingQuery: string | null;
  waitSeconds: number;
  /** Thread id of the holder: the one to look at (or KILL) to release the wait. */
  blockingId: number;
  /** Null when the holder is idle inside an open transaction. */
  blockingQuery: string | null;
  blockingTrxSeconds: number;
}

/**
 * Which lock tables the server has: MySQL 8 dropped information_schema.INNODB_LOCK_WAITS for
 * performance_schema.data_lock_waits; MariaDB (all 10.x/11.x) and MySQL 5.7 still have it.
 */
export function lockWaitStatement(info: ServerInfo): StatementName {
  return info.flavour === 'mysql' && info.major >= 8 ? 'lockWaitsPerformanceSchema' : 'lockWaitsInformationSchema';
}

/** Current lock waits, longest first, at most `limit`. Needs the PROCESS privilege. */
export async function listLockWaits(session: ReadOnlySession, limit: number): Promise<LockWait[]> {
  const rows = await session.select(lockWaitStatement(session.info), [Math.max(1, Math.floor(limit))]);
  return rows.map((r) => ({
    waitingId: Number(r.waiting_id),
    waitingQuery: text(r.waiting_query),
    waitSeconds: Number(r.wait_seconds ?? 0),
    blockingId: Number(r.blocking_id),
    blockingQuery: text(r.blocking_query),
    blockingTrxSeconds: Number(r.blocking_trx_seconds ?? 0),
  }));
}
