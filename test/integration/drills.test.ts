import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { dockerSocketPath, TestContainers, uniqueSuffix, waitFor } from '../support/docker.js';
import { harness, type Harness } from '../support/harness.js';
import { createScratchDatabase, eventually, type ScratchDatabase } from '../support/mysql.js';
import { connectSlack, drain, PAGING_CONFIG } from '../support/paging.js';
import { renderText } from '../../src/render/text.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const id = uniqueSuffix();
const container = `zhiban-drill-${id}`;
const prefix = `zhiban-drill-${id}:stock:lock:`;
const containers = new TestContainers();
let db: ScratchDatabase;
let redis: Redis;
let dataDir: string;

function config(dsn: string): string {
  return `${PAGING_CONFIG.replace('contacts:', '  - { id: bob, name: Bob, roles: [responder, approver] }\ncontacts:')}
probes:
  timeoutMs: 4000
  docker: { socketPath: "${dockerSocketPath()}", services: { drillweb: { containers: [${container}] } } }
  mysql: { dsn: "${dsn}" }
  redis: { url: "${REDIS_URL}" }
drills:
  web-down:
    title: { en: backend container down, zh-CN: 后端容器宕机 }
    severity: P1
    fault: { kind: stop-container, service: drillweb }
  row-lock:
    title: { en: a row lock nobody releases, zh-CN: 行锁不释放 }
    fault: { kind: mysql-lock, table: drill_rows, column: id, value: 1, holdSeconds: 120 }
  hot-keys:
    title: { en: stock locks that never expire, zh-CN: 库存锁不过期 }
    fault: { kind: redis-keys, prefix: "${prefix}", count: 3, ttlSeconds: 600 }
  tabletop:
    title: { en: payment callbacks fail, zh-CN: 支付回调失败 }
    severity: P0
    fault: { kind: tabletop }
  loud:
    title: { en: a drill that pages, zh-CN: 呼叫演练 }
    severity: P1
    page: true
    fault: { kind: tabletop }
`;
}

beforeAll(async () => {
  db = await createScratchDatabase();
  const admin = await db.connect();
  await admin.query('CREATE TABLE drill_rows (id INT PRIMARY KEY, v INT NOT NULL)');
  await admin.query('INSERT INTO drill_rows VALUES (1, 0), (2, 0)');
  redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  dataDir = await mkdtemp(join(tmpdir(), 'zhiban-drill-'));
});

afterAll(async () => {
  await containers.removeAll();
  await db.dispose();
  const left = await redis.keys(`${prefix}*`);
  if (left.length) await redis.del(...left);
  redis.disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

const requestId = (text: string): string => /REQ-[\w-]+/.exec(text)![0];
const incidentId = (text: string): string => /INC-\d{8}-\d{3}/.exec(text)![0];

async function startAndApprove(h: Harness, scenario: string): Promise<{ inc: string; approved: string }> {
  const started = await h.run('alice', `/drill start ${scenario}`);
  expect(started.reply.ok, started.text).toBe(true);
  expect(started.text).toContain('only after another approver approves');
  const approved = await h.run('bob', `/approve ${requestId(started.text)}`);
  return { inc: incidentId(started.text), approved: approved.text };
}

describe('drills against the Docker lab, MariaDB and Redis', () => {
  it('stop-container: declared as a DRILL that pages nobody, injected after approval, detected with /diagnose, reverted by /drill stop', async () => {
    await containers.run({ name: container, script: "trap 'exit 0' TERM; while true; do sleep 1; done" });
    const clock = new FakeClock('2026-11-22T02:00:00.000Z');
    const h = await harness({ yaml: config(db.dsn), clock, dataDir });
    // the requester cannot approve the injection herself
    const started = await h.run('alice', '/drill start web-down');
    expect(started.text).toContain('DRILL INC-20261122-001 started from scenario web-down (stop-container). Nobody is paged.');
    expect(started.text).toContain(`DRILL: stop container ${container} of service drillweb`);
    expect((await h.run('alice', `/approve ${requestId(started.text)}`)).reply.ok).toBe(false);
    expect((await containers.docker.getContainer(container).inspect()).State.Running).toBe(true);
    const approved = await h.run('bob', `/approve ${requestId(started.text)}`);
    expect(approved.text).toContain('drill fault injected (stop-container)');
    expect((await containers.docker.getContainer(container).inspect()).State.Running).toBe(false);

    clock.advance(2 * 60_000);
    const diagnosed = await h.run('zhangsan', '/diagnose down --incident INC-20261122-001');
    expect(diagnosed.text).toMatch(/\[CRIT\]\s+docker drillweb/);
    const list = await h.run('carol', '/incident list');
    expect(list.text).toContain('演练 DRILL · backend container down');

    clock.advance(3 * 60_000);
    const stopped = await h.run('zhangsan', '/drill stop');
    expect(stopped.text).toContain(`DRILL INC-20261122-001 ended: started container ${container} again.`);
    expect(stopped.text).toContain('Time to detect: 2 min · time to recover: 5 min.');
    await waitFor(async () => ((await containers.docker.getContainer(container).inspect()).State.Running ? true : undefined), 'the container running again');

    const events = (await h.store.readEvents('INC-20261122-001'))!.map((e) => e.type);
    expect(events).toContain('paging.skipped');
    expect(events.filter((e) => e.startsWith('paging.') && e !== 'paging.skipped')).toEqual([]);
    const review = await readFile(join(dataDir, 'reviews', 'INC-20261122-001.md'), 'utf8');
    expect(review).toContain('# Post-incident review: INC-20261122-001 — 演练 DRILL · backend container down');
    expect(review).toMatch(/- \*\*Time to detect\*\*: 2 min\n- \*\*Time to recover\*\*: 5 min/);
    const json = JSON.parse(await readFile(join(dataDir, 'reviews', 'INC-20261122-001.json'), 'utf8')) as { summary: { drill: unknown } };
    expect(json.summary.drill).toMatchObject({ scenario: 'web-down', ttdMs: 120_000, ttrMs: 300_000 });
    expect((await h.run('carol', '/incident stats')).text).toContain('Incidents declared in the last 30 days: 0');
    await h.app.close();
  });

  it('mysql-lock: another session waits on the held row, /diagnose sees the lock wait, /drill stop rolls it back and leaves no lock', async () => {
    const h = await harness({ yaml: config(db.dsn) });
    const { inc, approved } = await startAndApprove(h, 'row-lock');
    expect(approved).toContain('drill fault injected (mysql-lock)');
    const app: Connection = await db.connect();
    await app.query('SET SESSION innodb_lock_wait_timeout = 60');
    const waiting = app.query('UPDATE drill_rows SET v = v + 1 WHERE id = 1');
    const seen = await eventually(async () => {
      const r = await h.run('zhangsan', `/diagnose deadlock --incident ${inc}`);
      return /lock wait/i.test(r.text) ? r.text : undefined;
    });
    expect(seen).toMatch(/\[(WARN|CRIT)\]\s+mysql/);
    const stopped = await h.run('zhangsan', `/drill stop ${inc}`);
    expect(stopped.text).toContain('rolled back the transaction holding the row lock');
    await waiting;
    const [rows] = await app.query('SELECT v FROM drill_rows WHERE id = 1');
    expect(rows).toEqual([{ v: 1 }]);
    await app.query('START TRANSACTION');
    await app.query('SELECT id FROM drill_rows WHERE id = 1 FOR UPDATE NOWAIT');
    await app.query('ROLLBACK');
    await h.app.close();
  });

  it('redis-keys: sets the keys after approval, /check sees them, /drill stop deletes exactly them', async () => {
    await redis.set(`zhiban-drill-${id}:keep`, 'x', 'EX', 600);
    const h = await harness({ yaml: config(db.dsn) });
    const { inc, approved } = await startAndApprove(h, 'hot-keys');
    expect(approved).toContain('drill fault injected (redis-keys)');
    expect((await redis.keys(`${prefix}*`)).sort()).toEqual([`${prefix}1`, `${prefix}2`, `${prefix}3`]);
    expect(await redis.ttl(`${prefix}1`)).toBeGreaterThan(0);
    const seen = await h.run('zhangsan', `/check redis "${prefix}*" --incident ${inc}`);
    expect(seen.text).toContain(`${prefix}* 3`);
    const stopped = await h.run('zhangsan', '/drill stop');
    expect(stopped.text).toContain('deleted 3 drill keys');
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
    expect(await redis.exists(`zhiban-drill-${id}:keep`)).toBe(1);
    await h.app.close();
  });

  it('a /drill stop that begins while the approved fault is being injected: the injection reverts itself, nothing is left behind', async () => {
    const h = await harness({ yaml: config(db.dsn) });
    const started = await h.run('alice', '/drill start hot-keys');
    const inc = incidentId(started.text);
    // The interleaving: /drill stop has marked the drill stopped (it found nothing injected yet) when the injection finishes.
    const rec = await h.store.getRecord<Record<string, unknown>>('drill.run', inc);
    await h.store.putRecord('drill.run', inc, { ...(rec?.value ?? { scenario: 'hot-keys', startedAt: h.clock.now() }), stoppedAt: h.clock.now() }, rec?.version ?? 0);
    const approved = await h.run('bob', `/approve ${requestId(started.text)}`);
    expect(approved.text).toContain('the drill was stopped while its fault was injected; reverted at once');
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
    expect((await h.store.readEvents(inc))!.map((e) => e.type)).toContain('drill.reverted');
    await h.app.close();
  });

  it('tabletop: no request, nothing injected; a fault that cannot be injected now ends the drill with the reason', async () => {
    const h = await harness({ yaml: config(db.dsn) });
    const slack = connectSlack(h);
    const started = await h.run('alice', '/drill start tabletop');
    expect(started.text).toContain('a tabletop, nothing is injected');
    expect((await h.run('alice', '/requests')).text).not.toContain('drill-inject');
    const stopped = await h.run('alice', '/drill stop');
    expect(stopped.text).toContain('ended: nothing had been injected.');
    await drain(h);
    expect(slack.dms()).toEqual([]);
    await containers.docker.getContainer(container).stop({ t: 1 }).catch(() => undefined);
    const refused = await h.run('alice', '/drill start web-down');
    expect(refused.reply.ok).toBe(false);
    expect(refused.text).toContain('The drill was not started: drill: service "drillweb" has no running container to stop.');
    const unknown = await h.run('alice', '/drill start fire');
    expect(unknown.text).toContain('No drill scenario "fire". Configured: web-down, row-lock, hot-keys, tabletop, loud.');
    const loud = incidentId((await h.run('alice', '/drill start loud')).text);
    const events = (await h.store.readEvents(loud))!.map((e) => e.type);
    expect(events).toContain('paging.started');
    expect(events).not.toContain('paging.skipped');
    await drain(h);
    expect(slack.dms()).toContain('U01ZS');
    expect(renderText(slack.delivered.find((d) => d.to.kind === 'person')!.reply)).toContain(`${loud} 演练 DRILL · a drill that pages`);
    await containers.docker.getContainer(container).start().catch(() => undefined);
    await h.app.close();
  });
});
