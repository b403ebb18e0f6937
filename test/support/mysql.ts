import { randomBytes } from 'node:crypto';
import mysql, { type Connection } from 'mysql2/promise';

/** The MariaDB/MySQL server integration tests use (root, no password, by default). */
export const TEST_MYSQL = {
  host: process.env.ZHIBAN_TEST_MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.ZHIBAN_TEST_MYSQL_PORT ?? 3306),
  user: process.env.ZHIBAN_TEST_MYSQL_USER ?? 'root',
  password: process.env.ZHIBAN_TEST_MYSQL_PASSWORD ?? '',
};

/** A short random suffix for names that must not collide with parallel test files. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/**
 * A database of its own for one test file, with every connection and user it handed out.
 * `dispose` kills those connections' threads (sleepers, lock holders), drops the users and the
 * database, and never throws, so it is safe in `afterAll` even after a failed test.
 */
export interface ScratchDatabase {
  name: string;
  /** DSN of the admin account with this database selected. */
  dsn: string;
  /** A new admin connection on this database (writable; for seeding and for playing the application). */
  connect(): Promise<Connection>;
  /** Kills a connection's thread on the server and closes it. */
  kill(conn: Connection): Promise<void>;
  /** Creates a user allowed to SELECT from this database only, and returns its DSN parts. */
  createUser(): Promise<{ user: string; password: string; dsn: string }>;
  dispose(): Promise<void>;
}

function dsnOf(user: string, password: string, database: string): string {
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
  return `mysql://${auth}@${TEST_MYSQL.host}:${TEST_MYSQL.port}/${database}`;
}

/** Creates `zhiban_t_<random>` and an admin connection to manage it. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `zhiban_t_${uniqueSuffix()}`;
  const admin = await mysql.createConnection({ ...TEST_MYSQL });
  await admin.query(`CREATE DATABASE ${name}`);
  const opened: Connection[] = [];
  const users: string[] = [];
  const kill = async (conn: Connection): Promise<void> => {
    const at = opened.indexOf(conn);
    if (at >= 0) opened.splice(at, 1);
    await admin.query('KILL ?', [conn.threadId]).catch(() => undefined);
    conn.destroy();
  };
  return {
    name,
    dsn: dsnOf(TEST_MYSQL.user, TEST_MYSQL.password, name),
    async connect() {
      const conn = await mysql.createConnection({ ...TEST_MYSQL, database: name, dateStrings: true });
      conn.on('error', () => undefined);
      opened.push(conn);
      return conn;
    },
    kill,
    async createUser() {
      const user = `zhiban_u_${uniqueSuffix()}`;
      const password = `Pw-${uniqueSuffix()}-${uniqueSuffix()}`;
      await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, TEST_MYSQL.host, password]);
      users.push(user);
      await admin.query(`GRANT SELECT ON ${name}.* TO ?@?`, [user, TEST_MYSQL.host]);
      return { user, password, dsn: dsnOf(user, password, name) };
    },
    async dispose() {
      for (const conn of [...opened]) await kill(conn);
      for (const user of users) await admin.query('DROP USER IF EXISTS ?@?', [user, TEST_MYSQL.host]).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
      await admin.end().catch(() => admin.destroy());
    },
  };
}

/**
 * Polls `probe` until it returns a truthy value, failing after `timeoutMs`. Polls every 150 ms:
 * InnoDB refreshes its information_schema snapshot (INNODB_TRX, INNODB_LOCK_WAITS) only when it
 * was not read for 100 ms, so faster polling would keep reading a stale snapshot forever.
 */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
