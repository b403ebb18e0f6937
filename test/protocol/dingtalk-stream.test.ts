import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackOnly } from './slack-rig.js';
import { CLIENT_ID, CLIENT_SECRET, GROUP, sessionPath, startDtRig, type DtRig } from './dingtalk-rig.js';
import { systemFrame } from './fake-dingtalk.js';
import nock from 'nock';

const INC = 'INC-20261122-001';
let r: DtRig;

beforeAll(async () => {
  loopbackOnly();
  r = await startDtRig({ cards: false });
});
afterAll(async () => {
  await r.close();
  nock.enableNetConnect();
});

/** The markdown text of the last post to the session webhook of the message sent as `frame`. */
const webhookText = (frame: string): string => ((r.fake.callsTo(sessionPath(frame)).at(-1)?.body.markdown ?? {}) as { text?: string }).text ?? '';
/** Sends a message and waits for the answer through its session webhook. */
async function ask(staffId: string, text: string, extra: Record<string, unknown> = {}): Promise<{ frame: string; text: string; body: Record<string, unknown> }> {
  const frame = r.say(staffId, text, extra);
  const post = await r.fake.waitForCall(sessionPath(frame));
  return { frame, text: webhookText(frame), body: post.body };
}

describe('DingTalk Stream mode', () => {
  it('opens the stream through the gateway with the app credentials and both callback topics, and reports connected', async () => {
    const [open] = r.fake.callsTo('/v1.0/gateway/connections/open');
    expect(open!.body).toMatchObject({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    expect(open!.body.subscriptions).toEqual([
      { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
      { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' },
    ]);
    expect(r.adapter.health()).toMatchObject({ platform: 'dingtalk', state: 'connected' });
    expect(r.h.logs.join('\n')).not.toContain(CLIENT_SECRET);
  });

  it('answers a group @-message at once, runs the command as the sender and replies through the session webhook in Chinese', async () => {
    const frame = r.say('0457001', '@值班 /incident declare P1 支付回调失败');
    const ack = await r.fake.waitForAck(frame);
    expect(ack).toEqual({ code: 200, headers: { contentType: 'application/json', messageId: frame }, message: 'OK', data: JSON.stringify({ response: {} }) });
    const posts = await Promise.all([r.fake.waitForCall(sessionPath(frame)), r.fake.waitForCall(sessionPath(frame), 2)]);
    const texts = posts.map((p) => (p.body.markdown as { text: string }).text);
    expect(posts[0].body).toMatchObject({ msgtype: 'markdown', at: { atUserIds: [], isAtAll: false } });
    expect(texts.every((t) => t.includes(`🔴 ${INC}`) && t.includes('支付回调失败'))).toBe(true);
    const inc = await r.h.app.services.incidents.get(INC);
    expect(inc).toMatchObject({ declaredBy: 'zhangsan', platform: 'dingtalk', channel: GROUP });
  });

  it('accepts Chinese aliases and bare command words', async () => {
    const help = await ask('0457002', '@值班 帮助');
    expect(help.text).toContain('zhiban');
    expect(help.text).toContain('/incident');
    expect((await ask('0457002', ' incident list')).text).toContain(INC);
  });

  it('answers a message that is not a command with a short hint that @-mentions the sender', async () => {
    const hint = await ask('0457003', '@值班 你好，在吗');
    expect(hint.body.at).toEqual({ atUserIds: ['0457003'], isAtAll: false });
    expect(hint.text).toContain('发送 /help 或「帮助」查看命令');
    expect(hint.text).toContain('@0457003');
  });

  it('gives an unknown staff id read-only access and says how to get mapped', async () => {
    const refused = await ask('0999999', `/incident note ${INC} 我来看看`);
    expect(refused.body.at).toEqual({ atUserIds: ['0999999'], isAtAll: false });
    expect(refused.text).toContain('⛔');
    expect(refused.text).toContain('dingtalk: 0999999');
    expect((await ask('0999999', `/incident show ${INC}`)).text).toContain(INC);
  });

  it('runs a redelivered message once', async () => {
    const before = r.fake.calls.length;
    const frame = r.say('0457001', `/incident note ${INC} 重启了 nginx`, { msgId: 'dup-1' });
    await r.fake.waitForAck(frame);
    r.fake.resend(frame);
    await r.adapter.idle();
    const notes = (await r.h.store.readEvents(INC))!.filter((e) => e.type === 'incident.note');
    expect(notes).toHaveLength(1);
    expect(r.fake.calls.slice(before).filter((c) => c.path.startsWith('/session/'))).toHaveLength(1);
  });

  it('answers SYSTEM ping frames and survives frames it cannot read', async () => {
    r.fake.send(systemFrame('ping', { opaque: 'p-1' }, 'ping-1'));
    const pong = await r.fake.waitForAck('ping-1');
    expect(pong).toMatchObject({ code: 200, message: 'OK', data: JSON.stringify({ opaque: 'p-1' }) });
    r.fake.send('this is not json');
    r.fake.send({ specVersion: '1.0', type: 'CALLBACK', headers: { messageId: 'bad-data', topic: '/v1.0/im/bot/messages/get' }, data: '{"no":"fields"}' });
    r.fake.send({ specVersion: '1.0', type: 'CALLBACK', headers: { messageId: 'bad-card', topic: '/v1.0/card/instances/callback' }, data: 'not json either' });
    await r.fake.waitForAck('bad-data');
    await r.fake.waitForAck('bad-card');
    await ask('0457002', `/incident show ${INC}`);
    expect(r.adapter.health().state).toBe('connected');
    expect(r.h.logs.join('\n')).toContain('dingtalk handler failed');
  });

  it('falls back to the robot OpenAPI when the session webhook has expired or fails, with one cached access token', async () => {
    r.say('0457001', `/incident show ${INC}`, { sessionWebhookExpiredTime: r.h.clock.now() - 1000 });
    const sent = await r.fake.waitForCall('/v1.0/robot/groupMessages/send');
    expect(sent.token).toBe('token-1');
    expect(sent.body).toMatchObject({ robotCode: CLIENT_ID, openConversationId: GROUP, msgKey: 'sampleMarkdown' });
    expect(JSON.parse(String(sent.body.msgParam))).toMatchObject({ title: expect.stringContaining(INC) as unknown, text: expect.stringContaining(INC) as unknown });
    r.fake.script('/session/failing', { status: 500, body: { errcode: 500, errmsg: 'busy' } }, { status: 500 }, { status: 500 });
    r.say('0457001', `/incident show ${INC}`, { sessionWebhook: `${r.fake.apiBase}/session/failing?session=s` });
    const second = await r.fake.waitForCall('/v1.0/robot/groupMessages/send', 2);
    expect(second.token).toBe('token-1');
    expect(r.fake.callsTo('/v1.0/oauth2/accessToken')).toHaveLength(1);
  });

  it('answers a one-to-one chat through oToMessages/batchSend once the session webhook is gone', async () => {
    r.say('0457002', `/incident show ${INC}`, { conversationType: '1', conversationId: 'cidSingle-lisi', sessionWebhookExpiredTime: r.h.clock.now() });
    const sent = await r.fake.waitForCall('/v1.0/robot/oToMessages/batchSend');
    expect(sent.body).toMatchObject({ robotCode: CLIENT_ID, userIds: ['0457002'], msgKey: 'sampleMarkdown' });
  });

  it('reconnects after a dropped connection and after a gateway disconnect notice, and keeps serving', async () => {
    const opened = r.fake.callsTo('/v1.0/gateway/connections/open').length;
    r.fake.drop();
    await r.fake.waitForConnections(2);
    await ask('0457001', `/incident show ${INC}`);
    r.fake.send(systemFrame('disconnect', { reason: 'server maintenance' }));
    await r.fake.waitForConnections(3);
    expect(r.fake.callsTo('/v1.0/gateway/connections/open').length).toBe(opened + 2);
    await ask('0457002', `/incident show ${INC}`);
    expect(r.adapter.health().state).toBe('connected');
    expect(r.h.logs.join('\n')).toContain('"state":"reconnecting"');
  });

  it('@-mentions the people a message calls out (a page in the incident group), by staff id', async () => {
    const { frame } = await ask('0457001', `/incident show ${INC}`);
    await r.adapter.deliver({ kind: 'conversation', id: GROUP }, { ok: true, tone: 'warning', blocks: [{ type: 'text', text: `${INC} · P1: 支付回调失败 — 已呼叫 李四` }], audience: 'channel', mentions: [{ dingtalk: '0457002' }, { slack: 'U0ONLYSLACK' }] });
    const page = await r.fake.waitForCall(sessionPath(frame), 2);
    expect(page.body.at).toEqual({ atUserIds: ['0457002'], isAtAll: false });
    expect((page.body.markdown as { text: string }).text).toContain('@0457002');
  });
});

