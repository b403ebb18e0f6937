import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../src/adapters/slack/adapter.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { harness, type Harness } from '../support/harness.js';
import { drain, PAGING_CONFIG } from '../support/paging.js';
import { FakeSlack } from './fake-slack.js';
import { clickPayload, commandBody, formPayload, post, SIGNING_SECRET } from './slack-requests.js';
import { BOT_TOKEN, loopbackOnly } from './slack-rig.js';
import { allBlocks, blockText, type SlackPayload } from './slack-json.js';
import { EVENTS_PATH } from '../../src/adapters/slack/http-receiver.js';

const INC = 'INC-20261122-001';
let fake: FakeSlack;
let adapter: SlackAdapter;
let runtime: Runtime;

beforeAll(loopbackOnly);
afterEach(async () => {
  await runtime.stop();
  await fake.close();
});
afterAll(() => nock.enableNetConnect());

async function start(): Promise<{ h: Harness; url: string }> {
  fake = await FakeSlack.start();
  const h = await harness({ yaml: PAGING_CONFIG });
  runtime = new Runtime(h.app, { cardRefreshMs: 3_600_000 });
  adapter = new SlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl }, runtime.context('slack'));
  await runtime.start([adapter]);
  return { h, url: `http://127.0.0.1:${adapter.port}${EVENTS_PATH}` };
}

/** The values of every button in a Slack message. */
function buttonValues(params: SlackPayload): string[] {
  return allBlocks(params).flatMap((b) => ((b as { elements?: Array<{ value?: string }> }).elements ?? []).flatMap((e) => (e.value ? [e.value] : [])));
}

describe('Slack: paging on the incident card', () => {
  it('the card carries an Acknowledge button; a viewer\'s click is refused, a responder\'s is recorded as theirs', async () => {
    const { h, url } = await start();
    await post(url, commandBody('U0ALICE', '/incident declare P1 支付回调失败', fake.responseUrl('declare')));
    await adapter.idle();
    await drain(h);
    await adapter.idle();
    const updates = fake.callsTo('chat.update');
    const last = updates.at(-1)!.params;
    expect(blockText(last)).toContain('paged, level 1');
    expect(buttonValues(last)).toContain(`/ack ${INC}`);
    // The page is also announced in the incident's channel, @-mentioning whoever was paged (in the notification text too).
    const notice = fake.callsTo('chat.postMessage').find((c) => String(c.params.text).includes('paged 张三'))!;
    expect(notice.params.channel).toBe('C0INC');
    expect(String(notice.params.text)).toMatch(/^<@U01ZS> /);
    expect(JSON.stringify(notice.params.blocks)).toContain('<@U01ZS>');
    expect(JSON.stringify(notice.params.blocks)).not.toContain('<@U01LS>');

    await post(url, formPayload(clickPayload('U0CAROL', `/ack ${INC}`, fake.responseUrl('viewer'))));
    expect(blockText((await fake.waitForResponse('viewer')).body)).toContain('/ack needs the role responder; carol has: viewer');

    await post(url, formPayload(clickPayload('U0ALICE', `/ack ${INC}`, fake.responseUrl('ack'))));
    expect(blockText((await fake.waitForResponse('ack')).body)).toContain(`Alice acknowledged ${INC}`);
    await adapter.idle();
    const acks = (await h.store.readEvents(INC))!.filter((e) => e.type === 'paging.acked');
    expect(acks.map((e) => [e.actor, e.data.via])).toEqual([['alice', 'slack /ack']]);
    const card = fake.callsTo('chat.update').at(-1)!.params;
    expect(blockText(card)).toContain('acknowledged by alice');
    expect(buttonValues(card)).not.toContain(`/ack ${INC}`);
  });
});
