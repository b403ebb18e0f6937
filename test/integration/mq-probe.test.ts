import amqplib, { type Channel, type ChannelModel } from 'amqplib';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mqProbeConfigSchema } from '../../src/probes/mq/config.js';
import { mqProbe } from '../../src/probes/mq/probe.js';
import { runProbe } from '../../src/probes/run-probe.js';
import type { ProbeResult } from '../../src/probes/types.js';
import { uniqueSuffix } from '../support/docker.js';
import { closedPort, startSilentListener } from '../support/net-fixtures.js';

/** The RabbitMQ server on this machine (`.ci/run` starts it). */
const URL = 'amqp://guest:guest@127.0.0.1:5672';
const run = uniqueSuffix();
const name = (what: string): string => `zhiban.test.${run}.${what}`;

let conn: ChannelModel;
let ch: Channel;
const declared: string[] = [];

beforeAll(async () => {
  conn = await amqplib.connect(URL);
  ch = await conn.createChannel();
});
afterAll(async () => {
  for (const q of declared) await ch.deleteQueue(q).catch(() => undefined);
  await conn.close();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** Declares a fresh, auto-deleted-at-the-end test queue holding `messages` messages. */
async function queue(what: string, messages = 0): Promise<string> {
  const q = name(what);
  await ch.assertQueue(q, { durable: false });
  declared.push(q);
  for (let i = 0; i < messages; i += 1) ch.sendToQueue(q, Buffer.from(`order ${i} paid`));
  await expect.poll(async () => (await ch.checkQueue(q)).messageCount).toBe(messages);
  return q;
}

async function probe(cfg: Record<string, unknown>, timeoutMs = 3000): Promise<ProbeResult> {
  return runProbe(mqProbe(mqProbeConfigSchema.parse(cfg)), timeoutMs, (s) => s);
}

const texts = (r: ProbeResult): string => r.findings.map((f) => `${f.verdict}: ${f.text.en}`).join('\n');

describe('mq probe against the RabbitMQ server', () => {
  it('messages and no consumer is crit; a consumer attached makes it ok; detached, crit again', async () => {
    const q = await queue('paid', 3);
    const idle = await probe({ url: URL, queues: [{ name: q }] });
    expect(idle.verdict).toBe('crit');
    expect(idle.target).toBe('mq 127.0.0.1:5672');
    expect(idle.summary.en).toMatch(new RegExp(`^${q.replace(/\./g, '\\.')}: 3 message\\(s\\) waiting and no consumer; the consumer service is down`));
    expect(idle.summary['zh-CN']).toContain('人格分裂订单');

    const consumer = await conn.createChannel();
    await consumer.prefetch(1);
    const { consumerTag } = await consumer.consume(q, () => undefined, { noAck: false });
    await expect.poll(async () => (await ch.checkQueue(q)).consumerCount).toBe(1);
    const served = await probe({ url: URL, queues: [{ name: q }] });
    expect(served.verdict, texts(served)).toBe('ok');
    expect(texts(served)).toContain(`ok: ${q}: 2 ready, 1 consumer(s)`);
    expect(served.detail).toMatch(/RabbitMQ \d+\.\d+/);

    const deep = await probe({ url: URL, queues: [{ name: q, warnDepth: 1 }] });
    expect(deep.verdict).toBe('warn');
    expect(deep.summary.en).toBe(`${q}: 2 messages ready (warn above 1): consumers are falling behind`);
    const deeper = await probe({ url: URL, queues: [{ name: q, warnDepth: 0, critDepth: 1 }] });
    expect(deeper.verdict).toBe('crit');

    await consumer.cancel(consumerTag);
    await consumer.close();
    await expect.poll(async () => (await ch.checkQueue(q)).consumerCount).toBe(0);
    expect((await probe({ url: URL, queues: [{ name: q }] })).verdict).toBe('crit');
  });

  it('an empty queue without consumer warns; a missing queue is an error and the next queue is still read', async () => {
    const empty = await queue('empty');
    const missing = name('never-declared');
    const r = await probe({ url: URL, queues: [{ name: missing }, { name: empty }] });
    expect(r.verdict).toBe('error');
    const t = texts(r);
    expect(t).toContain(`error: queue ${missing} does not exist on the broker (`);
    expect(t).toContain('check the name in probes.mq.queues and the vhost in the URL');
    expect(t).toContain(`warn: ${empty}: no consumer (empty for now)`);
    expect(r.detail).toMatch(new RegExp(`${missing.replace(/\./g, '\\.')}\\s+missing`));
  });

  it('a dead-letter queue warns when it grew since the previous reading, not for a steady backlog', async () => {
    const dlq = await queue('dlq', 1);
    const cfg = { url: URL, queues: [{ name: dlq, deadLetter: true }] };
    expect((await probe(cfg)).verdict).toBe('ok');
    expect((await probe(cfg)).findings[0]!.text.en).toBe(`dead-letter queue ${dlq}: 1 message(s), not growing`);
    ch.sendToQueue(dlq, Buffer.from('failed order'));
    await expect.poll(async () => (await ch.checkQueue(dlq)).messageCount).toBe(2);
    const grew = await probe(cfg);
    expect(grew.verdict).toBe('warn');
    expect(grew.summary.en).toMatch(new RegExp(`^dead-letter queue ${dlq.replace(/\./g, '\\.')} grew from 1 to 2 since `));
  });

  it('refused, hung and wrong credentials: a verdict within the timeout, no password shown', async () => {
    const refused = await probe({ url: `amqp://guest:guest@127.0.0.1:${await closedPort()}`, queues: [{ name: 'x' }] });
    expect(refused.verdict).toBe('crit');
    expect(refused.summary.en).toContain('connection refused');

    const silent = await startSilentListener();
    const hung = await probe({ url: `amqp://guest:guest@127.0.0.1:${silent.port}`, queues: [{ name: 'x' }] }, 400);
    expect(hung.verdict).toBe('timeout');
    await expect.poll(() => silent.openSockets(), { timeout: 3000 }).toBe(0);
    await silent.close();

    const denied = await probe({ url: 'amqp://guest:Wr0ng-S3cret@127.0.0.1:5672', queues: [{ name: 'x' }] });
    expect(denied.verdict).toBe('crit');
    expect(denied.summary.en).toContain('access refused by the broker');
    expect(JSON.stringify(denied)).not.toContain('Wr0ng-S3cret');
  });

  it('with the management API: unacked messages and rates; an API that refuses is a warn, the AMQP readings stand', async () => {
    const q = await queue('mgmt', 1);
    const consumer = await conn.createChannel();
    await consumer.consume(q, () => undefined, { noAck: false });
    await expect.poll(async () => (await ch.checkQueue(q)).consumerCount).toBe(1);
    nock.disableNetConnect();
    nock('http://mq-admin.test:15672')
      .get(`/api/queues/%2F/${encodeURIComponent(q)}`)
      .basicAuth({ user: 'monitor', pass: 'M0nitor-Pass' })
      .reply(200, { messages_unacknowledged: 1, message_stats: { publish_details: { rate: 2.5 }, deliver_get_details: { rate: 2 }, ack_details: { rate: 1.5 } } });
    const management = { url: 'http://mq-admin.test:15672', user: 'monitor', password: 'M0nitor-Pass' };
    const r = await probe({ url: URL, queues: [{ name: q }], management });
    expect(r.verdict, texts(r)).toBe('ok');
    expect(texts(r)).toContain(`ok: ${q}: 1 delivered but not yet acknowledged`);
    expect(r.detail).toMatch(/1\s+2\.5\/s\s+2\.0\/s\s+1\.5\/s/);

    nock('http://mq-admin.test:15672').get(/\/api\/queues\/.*/).reply(401, { error: 'not_authorised' });
    const refused = await probe({ url: URL, queues: [{ name: q }], management });
    expect(refused.verdict).toBe('warn');
    expect(texts(refused)).toContain('management API http://mq-admin.test:15672 not readable (management API answered HTTP 401)');
    expect(JSON.stringify(refused)).not.toContain('M0nitor-Pass');
    await consumer.close();
  });

  it('with no queues configured it still connects and says how to add them', async () => {
    const r = await probe({ url: URL });
    expect(r.verdict).toBe('warn');
    expect(r.summary.en).toBe('connected, but no queues configured: add probes.mq.queues');
  });
});
