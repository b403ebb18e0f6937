import net from 'node:net';
import { once } from 'node:events';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/core/redact.js';
import { mysqlProbeConfigSchema } from '../../src/probes/mysql/config.js';
import { openReadOnlyConnection, withReadOnlySession } from '../../src/probes/mysql/connection.js';
import { listLongQueries } from '../../src/probes/mysql/long-queries.js';
import { mysqlProbe } from '../../src/probes/mysql/probe.js';
import { maskedLine } from '../../src/probes/mysql/format.js';
import { MYSQL_PROBE_STATEMENTS, SESSION_SETUP } from '../../src/probes/mysql/statements.js';
import { runProbe } from '../../src/probes/run-probe.js';
import { createScratchDatabase, eventually, type ScratchDatabase } from '../support/mysql.js';

const redact = (s: string): string => new Redactor().redact(s);
const identity = (s: string): string => s;
const TIMEOUT_MS = 5000;

const probeOn = (dsn: string, extra: Record<string, unknown> = {}) =>
  mysqlProbe(mysqlProbeConfigSchema.parse({ dsn, ...extra }));
/**
 * The latest deadlock is server-wide and may be minutes old (the deadlock test of this or an
 * earlier run leaves one behind): a one-second window keeps it out of the other tests' verdicts.
 */
const QUIET = { deadlockWindowMinutes: 1 / 60 };

describe('mysql probe statement allowlist', () => {
  it('holds only SELECT and SHOW statements, frozen; session setup is SET SESSION only', () => {
    const statements = Object.values(MYSQL_PROBE_STATEMENTS);
    expect(statements.length).toBeGreaterThan(5);
    for (const sql of statements) expect(sql).toMatch(/^(SELECT|SHOW)\s/);
    for (const sql of Object.values(SESSION_SETUP)) expect(sql).toMatch(/^SET SESSION /);
    expect(Object.isFrozen(MYSQL_PROBE_STATEMENTS)).toBe(true);
    expect(Object.isFrozen(SESSION_SETUP)).toBe(true);
  });

  it('parses an empty config into a complete one', () => {
    expect(mysqlProbeConfigSchema.parse(undefined)).toEqual({
      dsn: 'mysql://root@127.0.0.1:3306/test',
      slowQuerySeconds: 5,
      topN: 10,
      connectionsWarnPct: 80,
      connectionsCritPct: 95,
      threadsRunningWarn: 20,
      latencyWarnMs: 200,
      deadlockWindowMinutes: 60,
    });
    const bad = mysqlProbeConfigSchema.safeParse({ dsn: 'postgres://u:Sekr1t@h/db' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error)).not.toContain('Sekr1t');
  });
});

describe('password literals in statements shown by the probe and /kill-query', () => {
  it.each([
    [`CREATE USER 'a'@'%' IDENTIFIED BY "Pw-1"`, `CREATE USER 'a'@'%' IDENTIFIED BY '[REDACTED]'`],
    [`create user a identified by 'Pw-2'`, `create user a identified by '[REDACTED]'`],
    [`SELECT PASSWORD("Pw-3"), PASSWORD( 'Pw-4' ), OLD_PASSWORD("Pw-5")`, `SELECT PASSWORD('[REDACTED]'), PASSWORD( '[REDACTED]' ), OLD_PASSWORD('[REDACTED]')`],
    [`ALTER USER u IDENTIFIED WITH 'mysql_native_password' BY "Pw-6" REPLACE 'Pw-7'`, `ALTER USER u IDENTIFIED WITH 'mysql_native_password' BY '[REDACTED]' REPLACE '[REDACTED]'`],
    [`CREATE USER x IDENTIFIED VIA ed25519 USING PASSWORD("Pw-8")`, `CREATE USER x IDENTIFIED VIA ed25519 USING PASSWORD('[REDACTED]')`],
    [`SET PASSWORD FOR 'bob'@'%' = "Pw-9"`, `SET PASSWORD FOR 'bob'@'%' = '[REDACTED]'`],
    [`CHANGE MASTER TO MASTER_HOST='db2', MASTER_PASSWORD="Pw-10"`, `CHANGE MASTER TO MASTER_HOST='db2', MASTER_PASSWORD='[REDACTED]'`],
    [`CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', PASSWORD "Pw-11")`, `CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', PASSWORD '[REDACTED]')`],
    [String.raw`CREATE USER x IDENTIFIED BY "it\"s ""Pw-12""" AND 'kept'`, `CREATE USER x IDENTIFIED BY '[REDACTED]' AND 'kept'`],
    [`GRANT ALL ON *.* TO x IDENTIFIED BY "Pw-13 cut off by the server`, `GRANT ALL ON *.* TO x IDENTIFIED BY '[REDACTED]'`],
    [`SELECT "plain", 'text' FROM t WHERE note = "password is Pw"`, `SELECT "plain", 'text' FROM t WHERE note = "password is Pw"`],
  ])('masks %s', (sql, shown) => {
    expect(maskedLine(sql, 500)).toBe(shown);
  });
});

describe('mysql probe against a real server', () => {
  let db: ScratchDatabase;
  let admin: Connection;

  beforeAll(async () => {
    db = await createScratchDatabase();
    admin = await db.connect();
    await admin.query('CREATE TABLE accounts (id INT PRIMARY KEY, balance INT NOT NULL)');
    await admin.query('INSERT INTO accounts VALUES (1, 100), (2, 100)');
  });

  afterAll(async () => {
    await db?.dispose();
  });

  it('reports a healthy server as ok with real numbers', async () => {
    const r = await runProbe(probeOn(db.dsn, QUIET), TIMEOUT_MS, redact);
    const [[limits]] = await admin.query<RowDataPacket[]>('SELECT @@max_connections AS m');

    expect(r.verdict).toBe('ok');
    expect(r.target).toBe('mysql 127.0.0.1:3306');
    const m = /^ping (\d+) ms · connections (\d+)\/(\d+) · running (\d+)$/.exec(r.summary.en);
    expect(m).not.toBeNull();
    expect(Number(m?.[2])).toBeGreaterThanOrEqual(2);
    expect(Number(m?.[3])).toBe(Number(limits?.m));
    expect(Number(m?.[4])).toBeGreaterThanOrEqual(1);
    expect(r.summary['zh-CN']).toMatch(/^ping \d+ 毫秒 · 连接 \d+\/\d+ · 运行中 \d+$/);
    expect(r.findings[0]?.text.en).toMatch(/^10\.\d+\.\d+-MariaDB\S* answers, ping \d+ ms$/);
    expect(r.detail).toMatch(/long queries \(>= 5 s\): 0\n\nlock waits: 0/);
  });

  it('lists a statement running longer than slowQuerySeconds, with its thread id, but not its own', async () => {
    const sleeper = await db.connect();
    try {
      void sleeper.query('SELECT SLEEP(30) AS slept').catch(() => undefined);
      await eventually(async () => {
        const [rows] = await admin.query<RowDataPacket[]>(
          'SELECT TIME FROM information_schema.PROCESSLIST WHERE ID = ? AND TIME >= 1',
          [sleeper.threadId],
        );
        return rows.length > 0;
      });
      const r = await runProbe(probeOn(db.dsn, { ...QUIET, slowQuerySeconds: 1 }), TIMEOUT_MS, redact);
      // Other test runs may share the server: assert on our sleeper, not on exact counts.
      expect(['warn', 'crit']).toContain(r.verdict);
      expect(r.findings[0]?.text.en).toMatch(/^\d+ long quer(y|ies) \(≥ 1 s\), longest \d+ s on thread \d+ \(manual 2\.4\)$/);
      expect(r.summary.en).toMatch(/ · \d+ long quer(y|ies) \(\d+ s\)( · |$)/);
      expect(r.detail).toMatch(new RegExp(`\\n${sleeper.threadId}\\s+root\\s+\\S+\\s+${db.name}\\s+\\d+\\s+.*SELECT SLEEP\\(30\\) AS slept`));

      const listed = await withReadOnlySession(db.dsn, { signal: new AbortController().signal, timeoutMs: TIMEOUT_MS }, async (s) => ({
        own: s.info.connectionId,
        rows: await listLongQueries(s, 0, 100),
      }));
      const mine = listed.rows.find((q) => q.id === sleeper.threadId);
      expect(mine).toMatchObject({ user: 'root', db: db.name, info: 'SELECT SLEEP(30) AS slept' });
      expect(mine?.timeSeconds).toBeGreaterThanOrEqual(1);
      expect(listed.rows.map((q) => q.id)).not.toContain(listed.own);
    } finally {
      await db.kill(sleeper);
    }
  });

  it('reports a lock wait with the thread that holds the lock', async () => {
    const holder = await db.connect();
    const waiter = await db.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM accounts WHERE id = 1 FOR UPDATE');
      await waiter.query('SET SESSION innodb_lock_wait_timeout = 20');
      const waiting = waiter.query('UPDATE accounts SET balance = balance - 1 WHERE id = 1').catch(() => undefined);
      await eventually(async () => {
        const [rows] = await admin.query<RowDataPacket[]>(
          "SELECT 1 FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ? AND trx_state = 'LOCK WAIT'",
          [waiter.threadId],
        );
        return rows.length > 0;
      });
      const r = await runProbe(probeOn(db.dsn, QUIET), TIMEOUT_MS, redact);
      const wait = r.findings.find((f) => f.text.en.startsWith(`thread ${waiter.threadId} waits`));
      expect(wait?.verdict).toBe('warn');
      expect(wait?.text.en).toMatch(
        new RegExp(`waits \\d+ s for a lock held by thread ${holder.threadId}: UPDATE accounts SET balance = balance - 1 WHERE id = 1 \\(manual 2\\.10\\)$`),
      );
      expect(wait?.text['zh-CN']).toContain(`被线程 ${holder.threadId} 阻塞`);
      expect(r.summary.en).toMatch(/ · \d+ lock waits?( · |$)/);
      expect(r.detail).toMatch(new RegExp(`\\n${waiter.threadId}\\s+\\d+\\s+UPDATE accounts .*\\s${holder.threadId}\\s+\\d+\\s+\\(idle in transaction\\)`));
      await holder.query('ROLLBACK');
      await waiting;
    } finally {
      await db.kill(holder);
      await db.kill(waiter);
    }
  });

  it('reports a deadlock produced by two connections as the latest deadlock', async () => {
    const a = await db.connect();
    const b = await db.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query('SELECT * FROM accounts WHERE id = 1 FOR UPDATE');
      await b.query('SELECT * FROM accounts WHERE id = 2 FOR UPDATE');
      const first = a.query('UPDATE accounts SET balance = 0 WHERE id = 2').catch((e: { code?: string }) => e.code);
      await eventually(async () => {
        const [rows] = await admin.query<RowDataPacket[]>(
          "SELECT 1 FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ? AND trx_state = 'LOCK WAIT'",
          [a.threadId],
        );
        return rows.length > 0;
      });
      const second = await b.query('UPDATE accounts SET balance = 0 WHERE id = 1').catch((e: { code?: string }) => e.code);
      expect([await first, second]).toContain('ER_LOCK_DEADLOCK');

      const r = await runProbe(probeOn(db.dsn), TIMEOUT_MS, redact);
      const dl = r.findings.find((f) => f.text.en.startsWith('deadlock '));
      expect(dl?.verdict).toBe('warn');
      expect(dl?.text.en).toMatch(
        new RegExp(`^deadlock \\d+ s ago \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\) on \`${db.name}\`\\.\`accounts\`, threads (${a.threadId}, ${b.threadId}|${b.threadId}, ${a.threadId}), rolled back \\(\\d\\) \\(manual 2\\.10\\)$`),
      );
      expect(r.summary.en).toMatch(/ · deadlock \d+ s ago$/);
      expect(r.detail).toContain('UPDATE accounts SET balance = 0 WHERE id = 1');
      expect(r.detail).toMatch(/\*\*\* WE ROLL BACK TRANSACTION \(\d\)/);
      expect(r.detail).not.toMatch(/hex [0-9a-f]+; asc/);
    } finally {
      await db.kill(a);
      await db.kill(b);
    }
  });

  it('runs on a session the server keeps read-only', async () => {
    const ro = await openReadOnlyConnection(db.dsn, { signal: new AbortController().signal, timeoutMs: TIMEOUT_MS });
    try {
      await expect(ro.conn.query('INSERT INTO accounts VALUES (3, 1)')).rejects.toMatchObject({
        code: 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION',
      });
      await expect(ro.conn.query('UPDATE accounts SET balance = 0')).rejects.toMatchObject({
        code: 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION',
      });
    } finally {
      await ro.close();
    }
    const [rows] = await admin.query<RowDataPacket[]>('SELECT id, balance FROM accounts ORDER BY id');
    expect(rows.map((r) => Number(r.id))).toEqual([1, 2]);
    expect(rows.map((r) => Number(r.balance))).not.toContain(0);
  });

  it('shows neither user password nor DSN, and says what it could not read without PROCESS', async () => {
    const { dsn, password } = await db.createUser();
    const r = await runProbe(probeOn(dsn, QUIET), TIMEOUT_MS, identity);
    expect(r.verdict).toBe('warn');
    expect(r.findings.map((f) => f.text.en)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^could not read lock waits: .*PROCESS/),
        expect.stringMatching(/^could not read InnoDB status: .*PROCESS/),
      ]),
    );
    expect(JSON.stringify(r)).not.toContain(password);
  });

  it('says crit "access denied" for a wrong password of an existing user, without the password', async () => {
    const { user } = await db.createUser();
    const wrong = 'Wrong-Pass-93d1';
    const r = await runProbe(probeOn(`mysql://${user}:${wrong}@127.0.0.1:3306/${db.name}`), TIMEOUT_MS, identity);
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toMatch(new RegExp(`^access denied \\(Access denied for user '${user}'@'127\\.0\\.0\\.1' \\(using password: YES\\)\\)$`));
    expect(r.target).toBe('mysql 127.0.0.1:3306');
    expect(JSON.stringify(r)).not.toContain(wrong);
  });
});

describe('mysql probe when the server is unreachable', () => {
  it('says crit "connection refused" for a closed port', async () => {
    const r = await runProbe(probeOn('mysql://root:Hidden-Pw-1@127.0.0.1:1/test'), TIMEOUT_MS, identity);
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toMatch(/^connection refused/);
    expect(r.target).toBe('mysql 127.0.0.1:1');
    expect(JSON.stringify(r)).not.toContain('Hidden-Pw-1');
  });

  it('times out within the probe timeout on a server that never answers, and drops the socket', async () => {
    const accepted: net.Socket[] = [];
    const server = net.createServer((s) => {
      accepted.push(s);
      s.resume();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    try {
      const started = performance.now();
      const r = await runProbe(probeOn(`mysql://root@127.0.0.1:${port}/test`), 500, redact);
      expect(r.verdict).toBe('timeout');
      expect(r.summary.en).toBe('no answer within 0.5 s');
      expect(performance.now() - started).toBeLessThan(1000);
      expect(accepted).toHaveLength(1);
      await eventually(async () => accepted[0]?.destroyed, 1000);
    } finally {
      for (const s of accepted) s.destroy();
      server.close();
    }
  });
});
