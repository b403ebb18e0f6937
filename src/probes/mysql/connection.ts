import { once } from 'node:events';
import net from 'node:net';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { lazyModule } from '../lazy-module.js';
import type { ProbeContext } from '../types.js';
import { abortable, abortError } from './abort.js';
import { parseMysqlDsn } from './dsn.js';
import type { CompiledSelect } from './select-guard.js';
import { MYSQL_PROBE_STATEMENTS, SESSION_SETUP, type StatementName } from './statements.js';

const mysql2 = lazyModule<typeof import('mysql2')>('mysql2');

/** What the server told us about itself when the session opened. */
export interface ServerInfo {
  version: string;
  flavour: 'mariadb' | 'mysql';
  major: number;
  minor: number;
  /** Our own thread id (excluded from process lists). */
  connectionId: number;
  /** The server's clock as `YYYY-MM-DD HH:MM:SS` in its system time zone, the zone InnoDB prints. */
  systemNow: string;
}

/** The part of a probe context a connection obeys: its deadline. */
export type Deadline = Pick<ProbeContext, 'signal' | 'timeoutMs'>;

/**
 * One open connection whose session the server keeps read-only (`SET SESSION TRANSACTION READ
 * ONLY`, checked by the server on every statement), with statement time and SELECT row count
 * bounded. The socket is destroyed when the deadline's signal aborts, so nothing waits past it.
 * `close` says goodbye (COM_QUIT) when it can and always releases the socket. Only the session
 * wrappers here (and tests proving the server refuses writes) should hold `conn`.
 */
export interface ReadOnlyConnection {
  conn: Connection;
  info: ServerInfo;
  close: () => Promise<void>;
}

/** Rows a top-level SELECT returns at most (`sql_select_limit`). */
export const DEFAULT_MAX_ROWS = 1000;

const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

/** What pending work fails with once the probe's deadline passed. */
const DEADLINE_MESSAGE = 'probe deadline reached';
const deadlineError = (): Error => abortError(DEADLINE_MESSAGE);
/** Settles like `work`, or rejects as soon as `signal` aborts. */
const untilAborted = abortable(DEADLINE_MESSAGE);

function toServerInfo(row: RowDataPacket | undefined): ServerInfo {
  const version = String(row?.version ?? '');
  const [, major = '0', minor = '0'] = /^(\d+)\.(\d+)/.exec(version) ?? [];
  return {
    version,
    flavour: /mariadb/i.test(version) ? 'mariadb' : 'mysql',
    major: Number(major),
    minor: Number(minor),
    connectionId: Number(row?.connection_id),
    systemNow: String(row?.system_now ?? ''),
  };
}

/** Caps statement time at the probe's timeout where the server supports it (older servers lack the variable). */
async function boundStatementTime(conn: Connection, info: ServerInfo, timeoutMs: number): Promise<void> {
  const [sql, value] =
    info.flavour === 'mariadb'
      ? [SESSION_SETUP.mariadbStatementTime, timeoutMs / 1000]
      : [SESSION_SETUP.mysqlExecutionTime, Math.ceil(timeoutMs)];
  try {
    await conn.query(sql, [value]);
  } catch (err) {
    if ((err as { errno?: number }).errno !== ER_UNKNOWN_SYSTEM_VARIABLE) throw err;
  }
}

/**
 * Opens one connection from `dsn` and makes its session read-only before anything else runs.
 * Connect time is bounded by `deadline.timeoutMs`; an abort destroys the socket and fails the
 * pending step. Throws the driver's error (code ECONNREFUSED, ER_ACCESS_DENIED_ERROR, …) on failure.
 */
export async function openReadOnlyConnection(
  dsn: string,
  deadline: Deadline,
  maxRows = DEFAULT_MAX_ROWS,
): Promise<ReadOnlyConnection> {
  const endpoint = parseMysqlDsn(dsn);
  if (!endpoint) throw new Error('invalid MySQL DSN: expected mysql://user:password@host:port/database');
  const { signal } = deadline;
  if (signal.aborted) throw deadlineError();
  const socket = net.connect({ host: endpoint.host, port: endpoint.port });
  socket.setNoDelay(true);
  const core = mysql2().createConnection({
    stream: socket,
    user: endpoint.user,
    password: endpoint.password,
    database: endpoint.database || undefined,
    connectTimeout: Math.max(1, Math.ceil(deadline.timeoutMs)),
    dateStrings: true,
    multipleStatements: false,
  });
  // Errors are delivered to the pending handshake or query; this keeps a late one from crashing the process.
  core.on('error', () => undefined);
  const onAbort = (): void => {
    socket.destroy(deadlineError());
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const conn = core.promise();
  let established = false;
  const close = async (): Promise<void> => {
    try {
      if (established && !socket.destroyed && !signal.aborted) {
        const closed = once(socket, 'close', { signal });
        core.end();
        await closed;
      }
    } catch {
      // the socket is destroyed below either way
    } finally {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
    }
  };
  try {
    await untilAborted(
      new Promise<void>((resolve, reject) => {
        core.once('connect', () => resolve());
        core.once('error', reject);
      }),
      signal,
    );
    established = true;
    await untilAborted(conn.query(SESSION_SETUP.readOnly), signal);
    const [rows] = await untilAborted(conn.query<RowDataPacket[]>(MYSQL_PROBE_STATEMENTS.serverInfo), signal);
    const info = toServerInfo(rows[0]);
    await untilAborted(boundStatementTime(conn, info, deadline.timeoutMs), signal);
    await untilAborted(conn.query(SESSION_SETUP.selectLimit, [maxRows]), signal);
    return { conn, info, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The only way probes talk to MySQL: allowlisted statements by name, and config checks that
 * passed `checkSelectOnly`, on a read-only connection. Every call fails at once when the deadline passes.
 */
export interface ReadOnlySession {
  readonly info: ServerInfo;
  /** Round trip of a protocol ping, in milliseconds. */
  ping(): Promise<number>;
  /** Runs an allowlisted statement; `values` fill its `?` placeholders. */
  select(name: StatementName, values?: Array<string | number>): Promise<RowDataPacket[]>;
  /** Runs a vetted config SELECT as a server-side prepared statement, binding `params` by name. */
  selectChecked(query: CompiledSelect, params: Record<string, string | number>): Promise<RowDataPacket[]>;
}

/** Opens a read-only session, hands it to `use`, and always closes it (also when `use` throws). */
export async function withReadOnlySession<T>(
  dsn: string,
  deadline: Deadline,
  use: (session: ReadOnlySession) => Promise<T>,
): Promise<T> {
  const { conn, info, close } = await openReadOnlyConnection(dsn, deadline);
  const { signal } = deadline;
  const session: ReadOnlySession = {
    info,
    async ping() {
      const started = performance.now();
      await untilAborted(conn.ping(), signal);
      return performance.now() - started;
    },
    async select(name, values = []) {
      const [rows] = await untilAborted(conn.query<RowDataPacket[]>(MYSQL_PROBE_STATEMENTS[name], values), signal);
      return rows;
    },
    async selectChecked(query, params) {
      const values = query.params.map((p) => params[p] ?? null);
      const [rows] = await untilAborted(conn.execute<RowDataPacket[]>(query.sql, values), signal);
      return rows;
    },
  };
  try {
    return await use(session);
  } finally {
    await close();
  }
}
