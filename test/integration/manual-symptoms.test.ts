import amqplib, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerSocketPath, labWebPort, uniqueSuffix } from '../support/docker.js';
import { harness, verdictRows } from '../support/harness.js';
import type { Fixture } from '../support/net-fixtures.js';
import { startTlsServer, TestCa } from '../support/test-certs.js';

const DAY = 86_400_000;
const queue = `zhiban.test.${uniqueSuffix()}.order-status`;
let tlsServer: Fixture;
let conn: ChannelModel;
let ch: Channel;

beforeAll(async () => {
  const ca = new TestCa();
  tlsServer = await startTlsServer(ca.issue('localhost', Date.now() - 40 * DAY, Date.now() - DAY));
  conn = await amqplib.connect('amqp://guest:guest@127.0.0.1:5672');
  ch = await conn.createChannel();
  await ch.assertQueue(queue, { durable: false });
  ch.sendToQueue(queue, Buffer.from('{"order":"M20261202001","status":"SIGNED"}'));
  while ((await ch.checkQueue(queue)).messageCount < 1) await new Promise((r) => setImmediate(r));
});
afterAll(async () => {
  await ch.deleteQueue(queue).catch(() => undefined);
  await conn.close();
  await tlsServer.close();
});

/** A team's config: the lab's Docker engine and ci-web as Nginx, the API endpoint with an expired certificate, one order queue. */
function yaml(): string {
  return `
users:
  - { id: carol, roles: [viewer] }
probes:
  timeoutMs: 2000
  docker: { socketPath: ${dockerSocketPath()} }
  http:
    targets:
      - { name: nginx, url: 'http://127.0.0.1:${labWebPort()}/' }
  tls:
    targets:
      - { name: miniprogram-api, url: 'https://localhost:${tlsServer.port}/api' }
  mq:
    queues:
      - { name: ${queue} }
`;
}

const rows = verdictRows;

describe('/diagnose for the later manual sections', () => {
  it('小程序网络请求失败 (2.9) runs tls, http and docker and names the expired certificate', async () => {
    const h = await harness({ yaml: yaml() });
    const seen = await h.run('carol', '/diagnose 小程序');
    expect(seen.text).toMatch(/^\/diagnose miniprogram — manual 2\.9 mini-program network requests fail — /);
    const v = rows(seen);
    expect(Object.keys(v).sort()).toEqual(['docker (all containers)', 'http nginx', 'tls miniprogram-api']);
    expect(v['tls miniprogram-api']).toBe('crit');
    expect(v['http nginx']).toBe('ok');
    expect(seen.text).toContain('Looks wrong: tls miniprogram-api');
    expect(seen.text).toContain('Next (manual 2.9): Certificate expired, self-signed');
  });

  it('人格分裂订单 runs mq and orders: a queue with messages and no consumer is crit', async () => {
    const h = await harness({ yaml: yaml() });
    const seen = await h.run('carol', '/diagnose 人格分裂订单');
    expect(seen.text).toMatch(/^\/diagnose order-state — manual 2\.5 order states disagree \(split-personality orders\)/);
    const v = rows(seen);
    expect(v['mq 127.0.0.1:5672']).toBe('crit');
    expect(Object.keys(v)).toContain('orders 127.0.0.1:3306/test');
    expect(seen.text).toContain(`${queue}: 1 message(s) waiting and no consumer`);
    expect(seen.text).toContain('Next (manual 2.5): A queue with messages and no consumer');
  });

  it('/check all includes tls and mq once they have targets', async () => {
    const h = await harness({ yaml: yaml() });
    const v = rows(await h.run('carol', '/check all'));
    expect(v['tls miniprogram-api']).toBe('crit');
    expect(v['mq 127.0.0.1:5672']).toBe('crit');
    expect(Object.keys(v).some((n) => n.startsWith('backup'))).toBe(false);
  });

  it('/check tls <name> checks one endpoint; an unknown name lists the configured ones', async () => {
    const h = await harness({ yaml: yaml() });
    expect(Object.keys(rows(await h.run('carol', '/check tls miniprogram-api')))).toEqual(['tls miniprogram-api']);
    const unknown = await h.run('carol', '/check tls admin');
    expect(unknown.text).toContain('No tls target "admin". Configured: miniprogram-api (probes.tls.targets in zhiban.yml).');
    expect(unknown.text).toContain('Usage: /check <');
  });
});
