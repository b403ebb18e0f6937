import { L, type Localized } from '../core/i18n/index.js';
import { openWriteConnection, type WriteConnection } from '../actions/mysql-write.js';

/** Row locks held by this process, by holder id, each with how to let go of it. */
const held = new Map<string, { release: () => Promise<void> }>();

/** `SELECT 1 FROM `table` WHERE `column` = ? FOR UPDATE`: names come from config (validated identifiers), the value is a placeholder. */
function lockSql(table: string, column: string): string {
  return `SELECT 1 FROM \`${table}\` WHERE \`${column}\` = ? FOR UPDATE`;
}

/**
 * Opens a session of its own, begins a transaction and locks the row with `SELECT … FOR UPDATE`,
 * keeping the transaction open so other sessions that touch the row wait. It is rolled back by
 * `releaseRowLock`, after `holdMs` at the latest, or when this process ends (the server rolls
 * back a transaction whose connection closed). Fails when the row does not exist.
 */
export async function holdRowLock(dsn: string, f: { table: string; column: string; value: string | number }, holder: string, holdMs: number, timeoutMs: number): Promise<void> {
  const control = new AbortController();
  const session: WriteConnection = await openWriteConnection(dsn, control.signal, timeoutMs);
  try {
    await session.conn.beginTransaction();
    const [rows] = await session.conn.query(lockSql(f.table, f.column), [f.value]);
    if (!Array.isArray(rows) || rows.length === 0) throw new Error(`no row of ${f.table} has ${f.column} = ${String(f.value)}`);
  } catch (err) {
    control.abort();
    await session.close();
    throw err;
  }
  const release = async (): Promise<void> => {
    clearTimeout(timer);
    held.delete(holder);
    await session.conn.rollback().catch(() => undefined);
    await session.close();
  };
  const timer = setTimeout(() => void release(), holdMs);
  timer.unref();
  held.set(holder, { release });
}

/** Rolls the drill's transaction back and closes its session; says whether this process still held it. */
export async function releaseRowLock(holder: string): Promise<Localized> {
  const lock = held.get(holder);
  if (!lock) {
    return L(
      'this zhiban process holds no row lock for this drill: its time ran out, or the process that took it ended (which rolls it back); if another replica took it, it holds it until holdSeconds',
      '本 zhiban 进程未持有该演练的行锁：持有时间已到，或持有它的进程已结束（事务已回滚）；若由另一副本持有，则会持有到 holdSeconds 为止',
    );
  }
  await lock.release();
  return L('rolled back the transaction holding the row lock', '已回滚持有行锁的事务');
}
