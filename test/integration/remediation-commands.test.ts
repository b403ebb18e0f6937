import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerSocketPath, TestContainers, uniqueSuffix, waitFor } from '../support/docker.js';
import { harness, type Harness } from '../support/harness.js';
import { createMallSchema } from '../support/mall-schema.js';
import { createScratchDatabase, eventually, type ScratchDatabase } from '../support/mysql.js';

const REQ = 'REQ-20261122-001';
const containers = new TestContainers();
const service = `shop-${uniqueSuffix()}`;
const prefix = `zt:${uniqueSuffix()}`;
const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
let db: ScratchDatabase;
let admin: Connection;

beforeAll(async () => {
  const compose = { 'com.docker.compose.service': service };
  await containers.run({ name: `${service}-1`, script: 'trap "exit 0" TERM; while :; do sleep 1; done', labels: compose });
  db = await createScratchDatabase();
  admin = await db.connect();
  await createMallSchema(admin);
  await admin.query('INSERT INTO inventory_locks (order_id, sku_id, quantity, is_locked, locked_at) VALUES (201, 1, 1, 1, NOW()), (202, 1, 1, 1, NOW())');
  await redis.connect();
});
afterAll(async () => {
  await containers.removeAll();
  await db.dispose();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** A team config: the lab engine with one compose service, the scratch database, one custom action. */
async function team(): Promise<Harness> {
  const h = await harness({
    yaml: `
timezone: Asia/Shanghai
users:
  - { id: alice, roles: [responder] }
  - { id: bob, roles: [approver] }
probes:
  docker: { socketPath: ${dockerSocketPath()}, services: { ${service}: { compose: ${service} } } }
  mysql: { dsn: '${db.dsn}' }
actions:
  guards: { restartLastHealthy: true }
  custom:
    - name: release-lock
      title: { en: Release the inventory lock of an order, zh-CN: 释放订单的库存锁 }
      sql: 'UPDATE inventory_locks SET is_locked = 0 WHERE order_id = :order_id'
      preview: 'SELECT order_id, sku_id, is_locked FROM inventory_locks WHERE order_id = :order_id'
      params: { order_id: { type: integer, min: 1, description: { en: the order id, zh-CN: 订单 ID } } }
      risk: normal
`,
  });
  await h.run('alice', '/incident declare P1 checkout broken');
  return h;
}

const startedAt = async (name: string) => (await containers.docker.getContainer(name).inspect()).State.StartedAt;

describe('remediations from chat, against real systems', () => {
  it('/restart: request, approval by someone else, a real restart, then the service is re-checked', async () => {
    const h = await team();
    const before = await startedAt(`${service}-1`);
    const requested = await h.run('alice', `/restart ${service} --reason "workers stuck"`);
    expect(requested.text).toContain(`restart ${service}`);
    expect(requested.text).toContain(`${service}-1`);
    expect(await startedAt(`${service}-1`)).toBe(before);
    const approved = await h.run('bob', `/approve ${REQ}`);
    expect(approved.text).toContain(`${REQ} (restart): executed`);
    expect(approved.text).toMatch(/Verification after the action: ok/);
    expect(await startedAt(`${service}-1`)).not.toBe(before);
    const timeline = (await h.run('bob', '/incident timeline')).text;
    expect(timeline).toMatch(/alice\s+requested REQ-20261122-001/);
    expect(timeline).toMatch(/bob\s+approved REQ-20261122-001 \(1\/1\)/);
    expect(timeline).toMatch(/bob\s+REQ-20261122-001 executed/);
    expect(timeline).toMatch(/zhiban\s+after REQ-20261122-001: ok/);
  });

  it('/kill-query: a real SELECT SLEEP() session of the application account is killed after approval', async () => {
    const h = await team();
    const app = await db.createUser();
    const sleeper = await mysql.createConnection(app.dsn);
    sleeper.on('error', () => undefined);
    const sleeping = sleeper.query('SELECT SLEEP(60)').catch((e: Error) => e);
    const id = sleeper.threadId;
    await eventually(async () => {
      const [rows] = await admin.query<RowDataPacket[]>('SELECT ID FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE ?', [id, 'SELECT SLEEP%']);
      return rows.length > 0;
    });
    const requested = await h.run('alice', `/kill-query ${id}`);
    expect(requested.text).toContain('SELECT SLEEP(60)');
    const approved = await h.run('bob', `/approve ${REQ}`);
    expect(approved.text).toContain(`${REQ} (kill-query): executed`);
    expect(await sleeping).toBeInstanceOf(Error);
    sleeper.destroy();
  });

  it('/cache purge: shows the count first, deletes exactly the matching keys after approval', async () => {
    const h = await team();
    for (let i = 0; i < 12; i++) await redis.set(`${prefix}:cache:${i}`, 'x');
    await redis.set(`${prefix}:keep`, 'x');
    const requested = await h.run('alice', `/cache purge "${prefix}:cache:*"`);
    expect(requested.text).toMatch(/12 keys/);
    expect(await redis.exists(`${prefix}:cache:0`)).toBe(1);
    await h.run('bob', `/approve ${REQ}`);
    expect(await redis.keys(`${prefix}:cache:*`)).toEqual([]);
    expect(await redis.exists(`${prefix}:keep`)).toBe(1);
    expect((await h.run('alice', '/cache purge "*"')).reply.ok).toBe(false);
  });

  it('/action: a custom action from config changes exactly the row it showed', async () => {
    const h = await team();
    const requested = await h.run('alice', '/action release-lock order_id=201');
    expect(requested.reply.ok).toBe(true);
    await h.run('bob', `/approve ${REQ}`);
    const [rows] = await admin.query<RowDataPacket[]>('SELECT order_id, is_locked FROM inventory_locks ORDER BY order_id');
    expect(rows.map((r) => [Number(r.order_id), Number(r.is_locked)])).toEqual([[201, 0], [202, 1]]);
    expect((await h.run('alice', '/action release-lock order_id=abc')).text).toMatch(/^✗ invalid order_id "abc"/);
    expect((await h.run('alice', '/action drop-tables')).text).toContain('No custom action "drop-tables". Configured: release-lock (order_id=…)');
  });

  it('a stale target is refused at execution: the container was recreated after the request', async () => {
    const h = await team();
    await h.run('alice', `/restart ${service}`);
    await containers.docker.getContainer(`${service}-1`).remove({ force: true });
    await containers.run({ name: `${service}-1`, script: 'trap "exit 0" TERM; while :; do sleep 1; done', labels: { 'com.docker.compose.service': service } });
    await waitFor(async () => ((await containers.docker.getContainer(`${service}-1`).inspect()).State.Running ? true : undefined), 'recreated container running');
    const approved = await h.run('bob', `/approve ${REQ}`);
    expect(approved.text).toContain(`${REQ} (restart): refused`);
  });
});
