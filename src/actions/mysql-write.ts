import type { Connection } from 'mysql2/promise';
import { lazyModule } from '../probes/lazy-module.js';
import { abortable } from '../probes/mysql/abort.js';
import { parseMysqlDsn } from '../probes/mysql/dsn.js';

/**
 * One writable connection for an action (KILL, a custom UPDATE), the only non-read-only MySQL
 * session in zhiban. Row locks are waited for at most `lockWaitSeconds`; when `signal` aborts,
 * the socket is destroyed, so the pending statement fails at once and the server rolls back any
 * open transaction. `close` always releases the connection, within `timeoutMs`; so one action
 * on it takes at most its signal's deadline plus `timeoutMs`.
 */
export interface WriteConnection {
  conn: Connection;
  /** Our own thread id on the server. */
  threadId: number;
  /** Settles like `work`, or rejects as soon as the signal aborts. */
  bounded<T>(work: Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const mysql = lazyModule<typeof import('mysql2/promise')>('mysql2/promise');

/** Settles like `work`, or rejects as soon as `signal` aborts. */
const untilAborted = abortable('action deadline reached');

/**
 * Opens a writable connection from `dsn` (dates as strings and no multiple statements, like the
 * read-only session, so rows read on both hash the same).
 * @throws the driver's error (ECONNREFUSED, ER_ACCESS_DENIED_ERROR, …) or an ABORT_ERR.
 */
export async function openWriteConnection(dsn: string, signal: AbortSignal, timeoutMs: number): Promise<WriteConnection> {
  const endpoint = parseMysqlDsn(dsn);
  if (!endpoint) throw new Error('invalid MySQL DSN: expected mysql://user:password@host:port/database');
  const pending = mysql().createConnection({
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    password: endpoint.password,
    database: endpoint.database || undefined,
    connectTimeout: Math.max(1, Math.ceil(timeoutMs)),
    dateStrings: true,
    multipleStatements: false,
  });
  let conn: Connection;
  try {
    conn = await untilAborted(pending, signal);
  } catch (err) {
    pending.then((c) => c.destroy(), () => undefined);
    throw err;
  }
  conn.on('error', () => undefined);
  const onAbort = (): void => conn.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  const close = async (): Promise<void> => {
    signal.removeEventListener('abort', onAbort);
    if (signal.aborted) conn.destroy();
    else await untilAborted(conn.end(), AbortSignal.timeout(timeoutMs)).catch(() => conn.destroy());
  };
  try {
    await untilAborted(conn.query('SET SESSION innodb_lock_wait_timeout = ?', [Math.max(1, Math.floor(timeoutMs / 2000))]), signal);
  } catch (err) {
    await close();
    throw err;
  }
  return { conn, threadId: conn.threadId, bounded: (work) => untilAborted(work, signal), close };
}
