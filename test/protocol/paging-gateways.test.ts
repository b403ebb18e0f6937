import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { startGateway, type FakeGateway } from '../support/gateway.js';
import { harness, type Harness } from '../support/harness.js';
import { advanceMinutes, drain } from '../support/paging.js';

/** 2025-12-02 10:00 in Shanghai; the sign below was computed for it with Python's hmac (an independent implementation). */
const T0 = 1764640800000;
const SECRET = 'SEC1234567890abcdef';
const KNOWN_SIGN = '5aCFZ08myCtdGllGtXlZQY9uZTM7Zr07aGVIW%2FSgyaE%3D';
const INC = 'INC-20251202-001';

const gateways: FakeGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
});

function yaml(robot: string, hook: string, extra = ''): string {
  return `
locale: en
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder] }
  - { id: zhangsan, name: 张三, roles: [responder] }
  - { id: lisi, name: 李四, roles: [responder] }
contacts:
  - { name: 张三, title: 运维负责人, user: zhangsan, phone: "138 0013 8000", email: ops@mall.com, level: 1 }
  - { name: 李四, title: 后端负责人, user: lisi, phone: "13900139000", locale: zh-CN, level: 2 }
  - { name: 王五, title: 产品负责人, phone: "13700137000", severities: [P0], level: 3 }
paging:
  dingtalkRobot: { webhook: "${robot}/robot/send?access_token=\${ROBOT_TOKEN}", secret: "\${ROBOT_SECRET}" }
  webhook: { url: "${hook}/page", secret: "\${GATEWAY_SECRET}", timeoutMs: 300${extra} }
`;
}

const ENV = { ROBOT_TOKEN: 'tok123', ROBOT_SECRET: SECRET, GATEWAY_SECRET: 'gw-secret' };

async function setup(extra = ''): Promise<{ h: Harness; robot: FakeGateway; gateway: FakeGateway }> {
  const robot = await startGateway();
  const gateway = await startGateway({ status: 200, body: { ok: true } });
  gateways.push(robot, gateway);
  const h = await harness({ yaml: yaml(robot.url, gateway.url, extra), env: ENV, clock: new FakeClock(T0) });
  return { h, robot, gateway };
}

async function events(h: Harness, type: string, id = INC) {
  return (await h.store.readEvents(id))!.filter((e) => e.type === type);
}

describe('DingTalk custom robot', () => {
  it('signs the URL with timestamp + sign (加签), @-mentions every mobile in at.atMobiles and in the markdown', async () => {
    const { h, robot } = await setup();
    const declared = await h.run('alice', '/incident declare P0 全站无法访问');
    expect(declared.text).toContain('张三 运维负责人 — DingTalk @13800138000, SMS/voice gateway 138 0013 8000');
    await drain(h);
    expect(robot.received).toHaveLength(1);
    const req = robot.received[0]!;
    expect(req.url).toBe(`/robot/send?access_token=tok123&timestamp=${T0}&sign=${KNOWN_SIGN}`);
    expect(req.json.msgtype).toBe('markdown');
    expect(req.json.at).toEqual({ atMobiles: ['13800138000', '13900139000', '13700137000'], atUserIds: [], isAtAll: false });
    const text = (req.json.markdown as { text: string }).text;
    expect(text).toContain(`#### [P0] ${INC} 全站无法访问`);
    expect(text).toContain('You are paged (level 1) for INC-20251202-001 · P0: 全站无法访问');
    expect(text).toContain('故障呼叫（第 2 级）INC-20251202-001 · P0：全站无法访问');
    for (const m of ['@13800138000', '@13900139000', '@13700137000']) expect(text).toContain(m);
    expect((await events(h, 'paging.delivered')).filter((e) => e.data.channel === 'dingtalk')).toHaveLength(3);
    expect(h.logs.join('')).not.toContain('tok123');
  });

  it('130101 (over 20 a minute) keeps every page queued, then sends them coalesced, P0 first', async () => {
    const { h, robot } = await setup();
    robot.answers.push({ status: 200, body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } });
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    expect(robot.received).toHaveLength(1);
    expect(await events(h, 'paging.deferred')).toHaveLength(1);
    await advanceMinutes(h, 2);
    await h.run('alice', '/incident declare P0 全站无法访问');
    await advanceMinutes(h, 7);
    expect(robot.received).toHaveLength(1);
    await advanceMinutes(h, 1);
    expect(robot.received).toHaveLength(2);
    const text = (robot.received[1]!.json.markdown as { text: string }).text;
    expect(text.indexOf('[P0]')).toBeLessThan(text.indexOf('[P1]'));
    expect(robot.received[1]!.json.at).toMatchObject({ atMobiles: ['13800138000', '13900139000', '13700137000'] });
    const both = async (type: string) => [...(await events(h, type)), ...(await events(h, type, 'INC-20251202-002'))];
    const paged = await both('paging.paged');
    expect(paged).toHaveLength(7);
    expect((await both('paging.delivered')).filter((e) => e.data.channel === 'dingtalk')).toHaveLength(paged.length);
  });

  it('310000 (sign mismatch) is a failed page on the timeline and a clear operator log line, not retried', async () => {
    const { h, robot } = await setup();
    robot.fallback = { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    await advanceMinutes(h, 5);
    expect(robot.received).toHaveLength(1);
    const failed = (await events(h, 'paging.failed')).find((e) => e.data.channel === 'dingtalk')!;
    expect(failed.data.error).toBe('DingTalk robot errcode 310000: sign not match');
    expect(h.logs.join('')).toContain('check paging.dingtalkRobot.secret');
  });
});

describe('webhook gateway (SMS / voice / email)', () => {
  it('POSTs the documented JSON body with an HMAC-SHA256 signature of the body', async () => {
    const { h, gateway } = await setup();
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    expect(gateway.received).toHaveLength(1);
    const req = gateway.received[0]!;
    expect(req.url).toBe('/page');
    expect(req.headers['x-zhiban-signature']).toBe(`sha256=${createHmac('sha256', 'gw-secret').update(req.body).digest('hex')}`);
    expect(req.json).toMatchObject({
      version: 1,
      type: 'zhiban.page',
      incident: { id: INC, title: '支付回调失败', severity: 'P1' },
      level: 1,
      contact: { name: '张三', title: '运维负责人', user: 'zhangsan', phone: '138 0013 8000', email: 'ops@mall.com' },
      ackUrl: null,
      message: { locale: 'en', title: `[P1] ${INC} 支付回调失败` },
    });
  });

  it('retries a 5xx with backoff and delivers once', async () => {
    const { h, gateway } = await setup();
    gateway.answers.push({ status: 503 }, { status: 502 });
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    await advanceMinutes(h, 2);
    expect(gateway.received).toHaveLength(3);
    const delivered = (await events(h, 'paging.delivered')).filter((e) => e.data.channel === 'webhook');
    expect(delivered.map((e) => e.data.attempts)).toEqual([3]);
    expect((await events(h, 'paging.failed'))).toEqual([]);
  });

  it('a gateway that hangs gets a verdict within its timeout, is retried, then failed — and the next level is paged at once', async () => {
    const { h, gateway, robot } = await setup();
    gateway.fallback = 'hang';
    robot.fallback = { status: 500 };
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    await advanceMinutes(h, 4);
    expect(gateway.received.filter((r) => (r.json.contact as { name: string }).name === '张三')).toHaveLength(4);
    const failed = (await events(h, 'paging.failed')).filter((e) => e.data.person === 'zhangsan');
    expect(failed.map((e) => [e.data.channel, e.data.error]).sort()).toEqual([
      ['dingtalk', 'DingTalk robot: HTTP 500'],
      ['webhook', 'gateway: no answer within 300 ms'],
    ]);
    const escalated = await events(h, 'paging.escalated');
    expect(escalated.map((e) => e.data.why)).toEqual(['failed']);
    expect(escalated[0]!.at).toBeLessThan(T0 + 15 * 60_000);
  });

  it('never exceeds its rate budget: the rest waits for the next minute', async () => {
    const { h, gateway } = await setup(', perMinute: 2');
    await h.run('alice', '/incident declare P0 全站无法访问');
    await h.run('alice', '/page zhangsan --reason 再呼一次');
    await drain(h);
    expect(gateway.received).toHaveLength(2);
    await advanceMinutes(h, 1);
    expect(gateway.received).toHaveLength(4);
    expect(gateway.received.map((r) => (r.json.contact as { name: string }).name).sort()).toEqual(['张三', '张三', '李四', '王五']);
  });
});
