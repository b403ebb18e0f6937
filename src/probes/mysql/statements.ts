/**
 * Every SQL statement the mysql and orders probes send, as constants. Nothing a user types is
 * ever spliced into them: values travel only through `?` placeholders. Probes reach the server
 * only through `ReadOnlySession`, which accepts the names of these statements (plus config checks
 * vetted by `checkSelectOnly`), on a session the server itself keeps read-only.
 */

/** Threads that are someone else's running statement: not us, not idle, not a server/replication thread. */
const FOREIGN_ACTIVE_THREADS = `ID <> CONNECTION_ID()
    AND COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID', 'Connect', 'Killed',
                        'Slave_IO', 'Slave_SQL', 'Slave_worker')
    AND USER NOT IN ('system user', 'event_scheduler')`;

/** Columns of one lock wait, the same for both lock tables. */
const LOCK_WAIT_COLUMNS = `SELECT DISTINCT r.trx_mysql_thread_id AS waiting_id,
    LEFT(r.trx_query, 1024) AS waiting_query,
    TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()) AS wait_seconds,
    b.trx_mysql_thread_id AS blocking_id,
    LEFT(b.trx_query, 1024) AS blocking_query,
    TIMESTAMPDIFF(SECOND, b.trx_started, NOW()) AS blocking_trx_seconds`;

/** The read-only statement allowlist; every entry starts with SELECT or SHOW (a unit test holds it to that). */
export const MYSQL_PROBE_STATEMENTS = Object.freeze({
  /** Server flavour, our own thread id, and the server's clock in its system time zone (what InnoDB prints). */
  serverInfo: `SELECT VERSION() AS version, CONNECTION_ID() AS connection_id,
    DATE_FORMAT(COALESCE(CONVERT_TZ(NOW(), @@session.time_zone, 'SYSTEM'), NOW()), '%Y-%m-%d %H:%i:%s') AS system_now`,
  globalStatus: `SHOW GLOBAL STATUS WHERE Variable_name IN
    ('Threads_connected', 'Threads_running', 'Slow_queries', 'Max_used_connections', 'Uptime')`,
  maxConnections: 'SELECT @@GLOBAL.max_connections AS max_connections',
  /** Values: minimum seconds, row limit. */
  longQueries: `SELECT ID AS id, USER AS user, HOST AS host, DB AS db, TIME AS time_seconds,
    STATE AS state, LEFT(INFO, 1024) AS info
  FROM information_schema.PROCESSLIST
  WHERE ${FOREIGN_ACTIVE_THREADS}
    AND TIME >= ?
  ORDER BY TIME DESC, ID
  LIMIT ?`,
  /** MariaDB 10.x and MySQL 5.7. Value: row limit. */
  lockWaitsInformationSchema: `${LOCK_WAIT_COLUMNS}
  FROM information_schema.INNODB_LOCK_WAITS w
  JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
  JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
  ORDER BY wait_seconds DESC, waiting_id
  LIMIT ?`,
  /** MySQL 8+, where INNODB_LOCK_WAITS is gone. Value: row limit. */
  lockWaitsPerformanceSchema: `${LOCK_WAIT_COLUMNS}
  FROM performance_schema.data_lock_waits w
  JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID
  JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID
  ORDER BY wait_seconds DESC, waiting_id
  LIMIT ?`,
  innodbStatus: 'SHOW ENGINE INNODB STATUS',
});

/** Name of an allowlisted statement. */
export type StatementName = keyof typeof MYSQL_PROBE_STATEMENTS;

/**
 * The only non-SELECT statements: they configure our own session right after connecting
 * (read-only first; then time and row bounds). Every entry starts with `SET SESSION`.
 */
export const SESSION_SETUP = Object.freeze({
  readOnly: 'SET SESSION TRANSACTION READ ONLY',
  /** MariaDB ≥ 10.1, seconds (fractions allowed). */
  mariadbStatementTime: 'SET SESSION max_statement_time = ?',
  /** MySQL ≥ 5.7.8, milliseconds, SELECT only. */
  mysqlExecutionTime: 'SET SESSION max_execution_time = ?',
  /** Caps the rows of every top-level SELECT without its own LIMIT. */
  selectLimit: 'SET SESSION sql_select_limit = ?',
});
