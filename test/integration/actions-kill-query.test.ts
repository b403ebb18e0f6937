import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actions } from '../../src/actions/index.js';
import { FakeClock } from '../../src/core/clock.js';
import { actionsFor, handler, step, userErrorText } from '../support/actions.js';
import { createScratchDatabase, eventually, type ScratchDatabase } from '../support/mysql.js';

let db: ScratchDatabase;
let admin: Connection;
let actions: Actions;
/** Whether this file turned the event scheduler on (and so must turn it off again). */
let startedScheduler = false;

async function thread(id: number): Promise<RowDataPacket | undefined> {
  const [rows] = await admin.query<RowDataPacket[]>('SELECT ID, COMMAND, INFO FROM information_schema.PROCESSLIST WHERE ID = ?', [id]);
  return rows[0];
}

/** A connection of its own running `sql`; resolves once the server shows it running, with how the statement ended. */
async function running(sql: string, conn?: Connection): Promise<{ conn: Connection; ended: Promise<string> }> {
  const c = conn ?? (await db.connect());
  const ended = c.query(sql).then(
    () => 'finished',
    (err: { code?: string }) => String(err.code),
  );
  await eventually(async () => (await thread(c.threadId))?.INFO === sql);
  return { conn: c, ended };
}

beforeAll(async () => {
  db = await createScratchDatabase();
  admin = await db.connect();
  actions = actionsFor({}, { timeoutMs: 5000, mysql: { dsn: db.dsn } });
});

afterAll(async () => {
  if (startedScheduler) await admin.query('SET GLOBAL event_scheduler = OFF').catch(() => undefined);
  await db.dispose();
});

describe('kill-query action against a real MariaDB', () => {
  it('shows a sleeping session and kills its connection', async () => {
    const kill = handler(actions, 'kill-query');
    const victim = await running('SELECT SLEEP(60)');
    const id = victim.conn.threadId;
    const preview = await kill.prepare({ id: String(id) }, step());
    expect(preview.summary.en).toMatch(new RegExp(`^kill connection ${id} of root@127\\.0\\.0\\.1:\\d+ \\(db ${db.name}\\), running \\d+ s: SELECT SLEEP\\(60\\)$`));
    expect(preview.summary['zh-CN']).toContain('断开连接');
    expect(preview.detail).toContain('statement: SELECT SLEEP(60)');
    expect(preview.risk).toBe('high');
    expect(preview.snapshot).toMatchObject({ id, user: 'root', db: db.name });

    const outcome = await kill.execute({ id }, preview.snapshot, step());
    expect(outcome.status, outcome.result.en).toBe('done');
    expect(outcome.result.en).toContain(`kill connection ${id} of root@`);
    expect(await victim.ended).not.toBe('finished');
    await eventually(async () => (await thread(id)) === undefined);

    const [check] = await kill.verify!({ id });
    expect(check?.probe).toBe('mysql');
  });

  it('with queryOnly stops the statement and keeps the connection', async () => {
    const kill = handler(actions, 'kill-query');
    const victim = await running('SELECT SLEEP(61)');
    const preview = await kill.prepare({ id: victim.conn.threadId, queryOnly: true }, step());
    expect(preview.summary.en).toMatch(/^kill query \d+ of root@/);
    const outcome = await kill.execute({ id: victim.conn.threadId, queryOnly: true }, preview.snapshot, step());
    expect(outcome.status, outcome.result.en).toBe('done');
    expect(await victim.ended).toBe('ER_QUERY_INTERRUPTED');
    const [rows] = await victim.conn.query<RowDataPacket[]>('SELECT 1 AS alive');
    expect(rows[0]?.alive).toBe(1);
  });

  it('refuses when the thread runs another statement than the one shown', async () => {
    const kill = handler(actions, 'kill-query');
    const first = await running('SELECT SLEEP(62)');
    const id = first.conn.threadId;
    const preview = await kill.prepare({ id }, step());
    await admin.query('KILL QUERY ?', [id]);
    await first.ended;
    const second = await running('SELECT SLEEP(63)', first.conn);

    const outcome = await kill.execute({ id }, preview.snapshot, step());
    expect(outcome.status).toBe('refused');
    expect(outcome.result.en).toContain(`thread ${id} is no longer running the statement shown at request time`);
    expect(outcome.detail).toContain('SELECT SLEEP(63)');
    expect((await thread(id))?.INFO).toBe('SELECT SLEEP(63)');
    await admin.query('KILL QUERY ?', [id]);
    await second.ended;
  });

  it('refuses the same statement when it was started again (its running time did not grow with the clock)', async () => {
    const clock = new FakeClock();
    const kill = handler(actionsFor({}, { timeoutMs: 5000, mysql: { dsn: db.dsn } }, clock), 'kill-query');
    const victim = await running('SELECT SLEEP(64)');
    const preview = await kill.prepare({ id: victim.conn.threadId }, step());
    clock.advance(60_000);
    const outcome = await kill.execute({ id: victim.conn.threadId }, preview.snapshot, step());
    expect(outcome.status).toBe('refused');
    expect((await thread(victim.conn.threadId))?.INFO).toBe('SELECT SLEEP(64)');
    await admin.query('KILL QUERY ?', [victim.conn.threadId]);
    await victim.ended;
  });

  it('rates a read by an application account as normal risk', async () => {
    const app = await db.createUser();
    const conn = await mysql.createConnection(app.dsn);
    conn.on('error', () => undefined);
    try {
      const victim = await running('SELECT SLEEP(65)', conn);
      const preview = await handler(actions, 'kill-query').prepare({ id: conn.threadId }, step());
      expect(preview.summary.en).toContain(`of ${app.user}@`);
      expect(preview.risk).toBe('normal');
      await admin.query('KILL QUERY ?', [conn.threadId]);
      await victim.ended;
    } finally {
      conn.destroy();
    }
  });

  it('masks double-quoted and PASSWORD() literals of the thread in the preview', async () => {
    const kill = handler(actions, 'kill-query');
    const sql = `SELECT SLEEP(66), PASSWORD("Dq-Secret-71"), PASSWORD('Sq-Secret-72')`;
    const victim = await running(sql);
    const preview = await kill.prepare({ id: victim.conn.threadId }, step());
    const shown = JSON.stringify([preview.summary, preview.detail]);
    expect(shown).not.toContain('Secret-7');
    expect(preview.detail).toContain(`SELECT SLEEP(66), PASSWORD('[REDACTED]'), PASSWORD('[REDACTED]')`);
    await admin.query('KILL QUERY ?', [victim.conn.threadId]);
    await victim.ended;
  });

  it('bounds its run time by probes.timeoutMs: one deadline for the kill, one for closing, plus slack', () => {
    expect(handler(actions, 'kill-query').maxRunMs!({ id: 1 })).toBe(2 * 5000 + 5000);
    expect(handler(actionsFor({}, { timeoutMs: 1000, mysql: { dsn: db.dsn } }), 'kill-query').maxRunMs!({ id: 1 })).toBe(7000);
  });

  it('refuses a thread that does not exist, and an id that is not a thread id', async () => {
    const kill = handler(actions, 'kill-query');
    expect(await userErrorText(kill.prepare({ id: 987654321 }, step()))).toContain('no thread 987654321 on MySQL 127.0.0.1:3306');
    expect(await userErrorText(kill.prepare({ id: '12; DROP TABLE x' }, step()))).toContain('invalid id');
    expect(await userErrorText(kill.prepare({ id: -3 }, step()))).toContain('invalid id');
  });

  it('refuses an idle thread with queryOnly: there is no query to kill', async () => {
    const kill = handler(actions, 'kill-query');
    const idle = await db.connect();
    const text = await userErrorText(kill.prepare({ id: idle.threadId, queryOnly: true }, step()));
    expect(text).toContain(`thread ${idle.threadId} runs no statement (Sleep)`);
  });

  it('never kills a server thread (the event scheduler)', async () => {
    const [[state]] = await admin.query<RowDataPacket[]>('SELECT @@GLOBAL.event_scheduler AS s');
    if (state?.s === 'OFF') {
      await admin.query('SET GLOBAL event_scheduler = ON');
      startedScheduler = true;
    }
    const scheduler = await eventually(async () => {
      const [rows] = await admin.query<RowDataPacket[]>("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'event_scheduler'");
      return rows[0] ? Number(rows[0].ID) : undefined;
    });
    const kill = handler(actions, 'kill-query');
    const text = await userErrorText(kill.prepare({ id: scheduler }, step()));
    expect(text).toContain(`thread ${scheduler} is a server or replication thread (user event_scheduler, command Daemon)`);
    expect(text).toContain('不会终止此类线程');
  });
});
