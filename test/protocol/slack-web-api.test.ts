import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../../src/adapters/slack/blocks.js';
import type { StoredCard } from '../../src/runtime/cards.js';
import { commandBody, mentionPayload, post } from './slack-requests.js';
import { loopbackOnly, startRig, type Rig } from './slack-rig.js';
import { allBlocks, blockText } from './slack-json.js';

const INC = 'INC-20261122-001';
let r: Rig;

async function mention(text: string, eventId: string): Promise<void> {
  const res = await post(r.url, JSON.stringify(mentionPayload('U0ALICE', `<@UBOT> ${text}`, eventId, { ts: '1700000700.000300' })), { contentType: 'application/json' });
  expect(res.status).toBe(200);
}

beforeAll(loopbackOnly);
afterEach(async () => r.close());
afterAll(() => nock.enableNetConnect());

describe('Slack Web API: limits, rate limits and failures', () => {
  it('cuts a reply that does not fit into Slack, marks the cut, and attaches the full text as a file', async () => {
    r = await startRig();
    await r.h.run('alice', '/incident declare P2 订单导出很慢');
    for (let i = 1; i <= 60; i++) await r.h.run('alice', `/incident note ${INC} note number ${i}: ${'查询计划 full scan '.repeat(3)}`);
    await mention(`incident timeline ${INC}`, 'EvLong1');
    await r.adapter.idle();

    const [answer] = r.fake.callsTo('chat.postMessage');
    const blocks = allBlocks(answer!.params);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const b of blocks) expect(b.text?.text?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(blockText(answer!.params).length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    expect(blockText(answer!.params)).not.toContain('note number 11:');
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… cut here to fit in Slack; the full output is attached as zhiban-output.txt.' }] });

    expect(r.fake.callsTo('files.getUploadURLExternal')[0]!.params).toMatchObject({ filename: 'zhiban-output.txt' });
    expect(r.fake.uploads).toHaveLength(1);
    expect(r.fake.uploads[0]!.body).toContain('note number 11: 查询计划 full scan');
    const [done] = r.fake.callsTo('files.completeUploadExternal');
    expect(done!.params).toMatchObject({ channel_id: 'C0OPS', thread_ts: '1700000700.000300' });
  });

  it('sends the full text of a private answer that did not fit to the asker\'s direct messages, not the channel', async () => {
    r = await startRig();
    const title = `支付回调失败 ${'签名校验错误 '.repeat(500)}`;
    await post(r.url, commandBody('U0ALICE', `/incident declare P1 ${title}`, r.fake.responseUrl('long')));
    await r.adapter.idle();
    const answer = (await r.fake.waitForResponse('long')).body;
    expect(answer.response_type).toBe('ephemeral');
    const [done] = r.fake.callsTo('files.completeUploadExternal');
    expect(done!.params.channel_id).toBe('DU0ALICE');
    expect(r.fake.callsTo('conversations.open')[0]!.params).toMatchObject({ users: 'U0ALICE' });
  });

  it('waits out a 429 with Retry-After and then posts', async () => {
    r = await startRig({ prepare: (fake) => fake.script('chat.postMessage', { status: 429, headers: { 'Retry-After': '1' }, body: { ok: false, error: 'ratelimited' } }) });
    await mention('help', 'EvRate1');
    await r.adapter.idle();
    const [limited, posted] = r.fake.callsTo('chat.postMessage');
    expect(posted!.at - limited!.at).toBeGreaterThanOrEqual(950);
    expect(posted!.params.channel).toBe('C0OPS');
    expect(blockText(posted!.params)).toContain('/incident');
    expect(r.h.logs.join('')).toContain('rate limiting');
  });

  it('logs a failing chat.postMessage, tells the asker privately, and keeps serving', async () => {
    r = await startRig({ prepare: (fake) => fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } }) });
    await mention('help', 'EvFail1');
    await r.adapter.idle();
    const failure = r.h.logs.map((l) => JSON.parse(l) as { msg?: string }).find((l) => l.msg === 'slack reply failed');
    expect(failure).toMatchObject({ level: 'error', error: 'channel_not_found', channel: 'C0OPS' });
    const [notice] = r.fake.callsTo('chat.postEphemeral');
    expect(notice!.params).toMatchObject({ channel: 'C0OPS', user: 'U0ALICE' });
    expect(blockText(notice!.params)).toContain('zhiban could not post its answer in this channel (channel_not_found)');

    await mention('incident list', 'EvFail2');
    await r.adapter.idle();
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(r.h.logs.join('')).not.toContain('xoxb-');
  });

  it('posts a new card when the old one was deleted in Slack, and remembers it', async () => {
    r = await startRig();
    await post(r.url, commandBody('U0ALICE', '/incident declare P3 后台字体错位', r.fake.responseUrl('d')));
    await r.fake.waitForResponse('d');
    await r.adapter.idle();
    r.fake.script('chat.update', { body: { ok: false, error: 'message_not_found' } });
    await post(r.url, commandBody('U0ALICE', `/incident note ${INC} 字体文件 404`, r.fake.responseUrl('n')));
    await r.fake.waitForResponse('n');
    await r.adapter.idle();
    const posts = r.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.params.channel).toBe('C0INC');
    const ref = (await r.h.store.getRecord<StoredCard>('slack-card', INC))!;
    expect(ref.value.messageId).toBe('1700000000.000002');
    expect(ref.version).toBe(2);
  });

  it('reports at start-up the scopes the bot token lacks', async () => {
    const granted = { 'x-oauth-scopes': 'commands,chat:write' };
    r = await startRig({ prepare: (fake) => fake.script('auth.test', { headers: granted, body: { ok: true, team: 'Test Team', user_id: 'UBOT', bot_id: 'BBOT' } }) });
    expect(r.adapter.missingScopes).toEqual(['chat:write.public', 'app_mentions:read', 'files:write']);
    expect(r.h.logs.join('')).toContain('slack bot token lacks scopes');
  });
});
