import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CardRef } from '../../src/adapters/slack/card-sync.js';
import { GatedStore } from './gated-store.js';
import { clickPayload, commandBody, formPayload, mentionPayload, post } from './slack-requests.js';
import { BOT_TOKEN, loopbackOnly, startRig, type Rig } from './slack-rig.js';
import { allBlocks, blockText, textOf } from './slack-json.js';

const INC = 'INC-20261122-001';
const json = (payload: unknown) => ({ contentType: 'application/json', body: JSON.stringify(payload) });
let rigs: Rig[] = [];

async function rig(opts: Parameters<typeof startRig>[0] = {}): Promise<Rig> {
  const r = await startRig(opts);
  rigs.push(r);
  return r;
}

beforeAll(loopbackOnly);
afterEach(async () => {
  await Promise.all(rigs.map((r) => r.close()));
  rigs = [];
});
afterAll(() => nock.enableNetConnect());

describe('Slack HTTP mode: slash commands and the incident card', () => {
  it('acknowledges /incident declare at once, answers on the response_url, and posts then updates the card in the channel', async () => {
    const store = new GatedStore();
    const r = await rig({ store });
    const ack = await post(r.url, commandBody('U0ALICE', '/incident declare P1 支付回调失败，订单状态未更新', r.fake.responseUrl('declare')));
    expect(ack).toMatchObject({ status: 200, text: '' });
    expect(ack.ms).toBeLessThan(3000);
    expect(r.h.logs.join('')).not.toContain('not acknowledged in time');
    expect(r.fake.responses).toHaveLength(0);
    store.open();

    const answer = (await r.fake.waitForResponse('declare')).body;
    expect(answer.response_type).toBe('ephemeral');
    expect(allBlocks(answer)[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: `🔴 ${INC} · P1 serious · investigating · commander alice · respond within 15 min`, emoji: true },
    });
    await r.adapter.idle();
    const [card, ...more] = r.fake.callsTo('chat.postMessage');
    expect(more).toEqual([]);
    expect(card!.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(card!.params.channel).toBe('C0INC');
    expect(card!.params.attachments![0]!.color).toBe('#d9342b');
    expect(blockText(card!.params)).toContain('支付回调失败，订单状态未更新');
    const postedTs = `1700000000.000001`;

    await post(r.url, commandBody('U0ALICE', `/incident sev ${INC} P0`, r.fake.responseUrl('sev')));
    expect(blockText((await r.fake.waitForResponse('sev')).body)).toContain(`${INC}: severity P1 → P0.`);
    await r.adapter.idle();
    const [update] = r.fake.callsTo('chat.update');
    expect(update!.params).toMatchObject({ channel: 'C0INC', ts: postedTs });
    expect(textOf(allBlocks(update!.params)[0])).toContain(`${INC} · P0 fatal · investigating`);
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect((await store.getRecord<CardRef>('slack-card', INC))?.value).toEqual({ channel: 'C0INC', ts: postedTs });

    await r.close();
    rigs = [];
    const again = await rig({ store, clock: r.h.clock });
    await post(again.url, commandBody('U0BOB', `/incident status ${INC} mitigated`, again.fake.responseUrl('status')));
    await again.fake.waitForResponse('status');
    await again.adapter.idle();
    expect(again.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(again.fake.callsTo('chat.update')[0]!.params).toMatchObject({ channel: 'C0INC', ts: postedTs });
    expect(blockText(again.fake.callsTo('chat.update')[0]!.params)).toContain('mitigated');
  });

  it('redacts every card it posts and updates: passwords in DSNs, and secrets zhiban learned after they were stored', async () => {
    const r = await rig();
    const later = 'vault-key-7f3a91c2';
    await post(r.url, commandBody('U0ALICE', `/incident declare P2 订单库连不上 mysql://app:pa55word@db/mall ${later}`, r.fake.responseUrl('secret')));
    await r.fake.waitForResponse('secret');
    await r.adapter.idle();
    const [card] = r.fake.callsTo('chat.postMessage');
    expect(blockText(card!.params)).toContain('mysql://app:[REDACTED]@db/mall');

    r.h.app.redactor.add(later);
    await post(r.url, commandBody('U0ALICE', `/incident resolve ${INC} rotated redis://:s3cretpw@cache:6379/0`, r.fake.responseUrl('resolved')));
    await r.fake.waitForResponse('resolved');
    await r.adapter.idle();
    const [update] = r.fake.callsTo('chat.update');
    expect(blockText(update!.params)).toContain('订单库连不上 mysql://app:[REDACTED]@db/mall [REDACTED]');
    expect(blockText(update!.params)).toContain('redis://:[REDACTED]@cache:6379/0');
    expect(JSON.stringify(update)).not.toContain(later);
    const sent = JSON.stringify([...r.fake.calls, ...r.fake.responses]);
    expect(sent).not.toContain('pa55word');
    expect(sent).not.toContain('s3cretpw');
  });

  it('posts read-only answers to the channel and refuses writes by people who are not configured, to them only', async () => {
    const r = await rig();
    await post(r.url, commandBody('U0CAROL', '/incident list', r.fake.responseUrl('list')));
    const list = (await r.fake.waitForResponse('list')).body;
    expect(list.response_type).toBe('in_channel');
    expect(blockText(list)).toContain('No open incidents');

    await post(r.url, commandBody('U0NOBODY', '/incident declare P1 我也要宣告', r.fake.responseUrl('nobody')));
    const refused = (await r.fake.waitForResponse('nobody')).body;
    expect(refused.response_type).toBe('ephemeral');
    expect(blockText(refused)).toMatch(/^⛔ u0nobody is not in zhiban's user list, so only read-only commands are allowed/);
    await r.adapter.idle();
    expect(await r.h.store.listIncidents()).toEqual([]);
    expect(r.fake.callsTo('chat.postMessage')).toEqual([]);
  });
});

describe('Slack HTTP mode: mentions and retried events', () => {
  it('answers @zhiban <command> in the thread of the mention, and processes a retried event once', async () => {
    const r = await rig();
    const event = mentionPayload('U0CAROL', '<@UBOT> incident list', 'Ev0001', { ts: '1700000600.000200' });
    const first = await post(r.url, json(event).body, { contentType: 'application/json' });
    expect(first).toMatchObject({ status: 200 });
    await r.adapter.idle();
    const [answer] = r.fake.callsTo('chat.postMessage');
    expect(answer!.params).toMatchObject({ channel: 'C0OPS', thread_ts: '1700000600.000200' });
    expect(blockText(answer!.params)).toContain('No open incidents');

    const retried = await post(r.url, json(event).body, { contentType: 'application/json', headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    expect(retried.status).toBe(200);
    await r.adapter.idle();
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(r.h.logs.join('')).toContain('retry skipped');

    await post(r.url, json(mentionPayload('U0CAROL', '<@UBOT> help', 'Ev0002')).body, { contentType: 'application/json' });
    await r.adapter.idle();
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('shows a refusal from a mention only to the person who asked', async () => {
    const r = await rig();
    await post(r.url, JSON.stringify(mentionPayload('U0NOBODY', '<@UBOT> incident declare P0 全站 502', 'Ev0003')), { contentType: 'application/json' });
    await r.adapter.idle();
    expect(r.fake.callsTo('chat.postMessage')).toEqual([]);
    const [ephemeral] = r.fake.callsTo('chat.postEphemeral');
    expect(ephemeral!.params).toMatchObject({ channel: 'C0OPS', user: 'U0NOBODY' });
    expect(blockText(ephemeral!.params)).toContain("is not in zhiban's user list");
  });
});

describe('Slack HTTP mode: buttons', () => {
  it('runs a click as the person who clicked, once for a double click, and ignores values that are not commands', async () => {
    const r = await rig();
    await r.h.run('alice', '/incident declare P2 订单列表加载慢');
    const note = `/incident note ${INC} 已回滚`;
    const click = formPayload(clickPayload('U0BOB', note, r.fake.responseUrl('click')));
    const [a, b] = await Promise.all([post(r.url, click), post(r.url, click)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await r.adapter.idle();
    const events = (await r.h.store.readEvents(INC))!.filter((e) => e.type === 'incident.note');
    expect(events.map((e) => [e.actor, e.data.text])).toEqual([['bob', '已回滚']]);
    const answered = r.fake.responses.filter((x) => x.id === 'click');
    expect(answered).toHaveLength(1);
    expect(answered[0]!.body.replace_original).toBe(true);

    await post(r.url, formPayload(clickPayload('U0CAROL', `/incident note ${INC} viewer`, r.fake.responseUrl('viewer'))));
    const refused = (await r.fake.waitForResponse('viewer')).body;
    expect(blockText(refused)).toContain('/incident note needs the role responder; carol has: viewer');
    expect([refused.response_type, refused.replace_original]).toEqual(['ephemeral', false]);

    await post(r.url, formPayload(clickPayload('U0BOB', 'rm -rf /', r.fake.responseUrl('bad'), { messageTs: '1700000002.000100' })));
    const bad = (await r.fake.waitForResponse('bad')).body;
    expect(bad.response_type).toBe('ephemeral');
    expect(blockText(bad)).toContain('does not carry a zhiban command');
    await r.adapter.idle();
    expect((await r.h.store.readEvents(INC))!.filter((e) => e.type === 'incident.note')).toHaveLength(1);
  });
});
