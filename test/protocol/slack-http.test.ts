import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoredCard } from '../../src/runtime/cards.js';
import { reply } from '../../src/core/reply.js';
import { harness } from '../support/harness.js';
import { GatedStore } from './gated-store.js';
import { clickPayload, commandBody, formPayload, mentionPayload, post } from './slack-requests.js';
import { BOT_TOKEN, loopbackOnly, SLACK_CONFIG, startRig, type Rig } from './slack-rig.js';
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
    expect((await store.getRecord<StoredCard>('slack-card', INC))?.value).toEqual({ conversation: 'C0INC', messageId: postedTs });

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

describe('the chat runtime around the Slack adapter', () => {
  it('hands the running Slack adapter to other features, which can post to a channel or a person and edit it', async () => {
    const r = await rig();
    const slack = r.runtime.adapter('slack')!;
    expect(r.runtime.adapter('dingtalk')).toBeUndefined();
    expect(slack.health()).toMatchObject({ platform: 'slack', state: 'connected' });
    expect(slack.health().detail).toMatch(/^Slack connected to Test Team as <@UBOT> \(HTTP mode on port \d+, POST \/slack\/events\)$/);
    const page = reply([{ type: 'text', text: 'P1 支付回调失败：请响应' }], 'danger');
    const dm = await slack.deliver({ kind: 'person', platformId: 'U0BOB' }, page);
    expect(dm).toMatchObject({ platform: 'slack', conversation: 'DU0BOB' });
    expect(r.fake.callsTo('conversations.open')[0]!.params).toMatchObject({ users: 'U0BOB' });
    await slack.update(dm!, { ...page, blocks: [{ type: 'text', text: '已确认' }] });
    expect(r.fake.callsTo('chat.update')[0]!.params).toMatchObject({ channel: 'DU0BOB', ts: dm!.messageId });
    r.fake.script('chat.update', { body: { ok: false, error: 'message_not_found' } });
    expect(await slack.update(dm!, page)).toBe('gone');
    await r.runtime.stop();
    expect(slack.health().state).toBe('stopped');
  });

  it('keeps the card in step with changes another process made to the store (console, another replica)', async () => {
    const r = await rig();
    await post(r.url, commandBody('U0ALICE', '/incident declare P2 订单导出很慢', r.fake.responseUrl('declare')));
    await r.fake.waitForResponse('declare');
    await r.adapter.idle();
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(1);

    const console = await harness({ yaml: SLACK_CONFIG, store: r.h.store, clock: r.h.clock });
    expect((await console.run('bob', `/incident sev ${INC} P0`)).reply.ok).toBe(true);
    await r.runtime.cards.refresh();
    await r.adapter.idle();
    const [update] = r.fake.callsTo('chat.update');
    expect(update!.params).toMatchObject({ channel: 'C0INC', ts: '1700000000.000001' });
    expect(blockText(update!.params)).toContain(`${INC} · P0 fatal`);

    await r.runtime.cards.refresh();
    await r.adapter.idle();
    expect(r.fake.callsTo('chat.update')).toHaveLength(1);
    await console.run('bob', `/incident resolve ${INC} 索引已补上`);
    await r.runtime.cards.refresh();
    await r.adapter.idle();
    expect(blockText(r.fake.callsTo('chat.update')[1]!.params)).toContain('resolved');
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('runs a replayed slash command once: the same signed body posted three times adds one note', async () => {
    const r = await rig();
    await r.h.run('alice', '/incident declare P3 后台字体错位');
    const body = commandBody('U0ALICE', `/incident note ${INC} 字体文件 404`, r.fake.responseUrl('note'));
    for (let i = 0; i < 3; i++) expect((await post(r.url, body)).status).toBe(200);
    await r.adapter.idle();
    const notes = (await r.h.store.readEvents(INC))!.filter((e) => e.type === 'incident.note');
    expect(notes).toHaveLength(1);
    expect(r.fake.responses.filter((x) => x.id === 'note')).toHaveLength(1);
    expect(r.h.logs.join('')).toContain('slack command already handled; retry skipped');
  });

  it('refuses a signed click without a user with 400 and runs nothing', async () => {
    const r = await rig();
    const { user: _user, ...anonymous } = clickPayload('U0ALICE', '/incident declare P0 x', r.fake.responseUrl('never'));
    const res = await post(r.url, formPayload(anonymous));
    expect(res.status).toBe(400);
    await r.adapter.idle();
    expect(await r.h.store.listIncidents()).toEqual([]);
    expect(r.fake.responses).toEqual([]);
  });

  it('logs a failed file upload once and then cuts answers without promising a file, with no extra message', async () => {
    const r = await rig({ prepare: (fake) => fake.script('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } }) });
    await r.h.run('alice', '/incident declare P2 订单导出很慢');
    for (let i = 1; i <= 60; i++) await r.h.run('alice', `/incident note ${INC} note number ${i}: ${'查询计划 full scan '.repeat(3)}`);
    for (const id of ['long1', 'long2']) {
      await post(r.url, commandBody('U0CAROL', `/incident timeline ${INC}`, r.fake.responseUrl(id)));
      await r.adapter.idle();
    }
    expect(r.fake.callsTo('chat.postEphemeral')).toEqual([]);
    expect(r.fake.responses.map((x) => x.id).sort()).toEqual(['long1', 'long2']);
    expect(r.fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(r.h.logs.filter((l) => l.includes('slack file upload failed'))).toHaveLength(1);
    const second = r.fake.responses.find((x) => x.id === 'long2')!.body;
    expect(blockText(second)).toContain('run the same command with `zhiban exec`');
  });
});
