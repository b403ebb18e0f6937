import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandBody, post } from './slack-requests.js';
import { loopbackOnly, startRig, type Rig } from './slack-rig.js';

const INC = 'INC-20261122-001';
const MESSAGE_TS = '1795312680.000200';
let rigs: Rig[] = [];

beforeAll(loopbackOnly);
afterEach(async () => {
  await Promise.all(rigs.map((r) => r.close()));
  rigs = [];
});
afterAll(() => nock.enableNetConnect());

function reaction(user: string, eventId: string, opts: { reaction?: string; channel?: string } = {}) {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    api_app_id: 'A0ZHIBAN',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'reaction_added',
      user,
      reaction: opts.reaction ?? 'pushpin',
      item_user: 'U0BOB',
      item: { type: 'message', channel: opts.channel ?? 'C0INC', ts: MESSAGE_TS },
      event_ts: '1795312980.000300',
    },
  });
}

async function rigWithIncident(): Promise<Rig> {
  const r = await startRig({
    prepare: (fake) => {
      fake.on('conversations.history', (p) => ({ ok: true, messages: p.latest === MESSAGE_TS ? [{ type: 'message', user: 'U0BOB', text: '客服反馈 30 单未发货', ts: MESSAGE_TS }] : [] }));
      fake.on('chat.getPermalink', (p) => ({ ok: true, channel: p.channel, permalink: `https://test.slack.com/archives/${String(p.channel)}/p${String(p.message_ts).replace('.', '')}` }));
    },
  });
  rigs.push(r);
  await post(r.url, commandBody('U0ALICE', '/incident declare P1 支付回调失败', r.fake.responseUrl('declare')));
  await r.fake.waitForResponse('declare');
  await r.adapter.idle();
  return r;
}

const json = { contentType: 'application/json' };

describe('Slack: a pushpin reaction pins the message to the incident timeline', () => {
  it('records author, text, permalink and the message time once, however often the event is delivered', async () => {
    const r = await rigWithIncident();
    expect((await post(r.url, reaction('U0ALICE', 'Ev0PIN1'), json)).status).toBe(200);
    await r.fake.waitForCall('chat.getPermalink');
    await r.adapter.idle();
    // Slack's retry of the same event, and a second person pinning the same message.
    await post(r.url, reaction('U0ALICE', 'Ev0PIN1'), { ...json, headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    await post(r.url, reaction('U0BOB', 'Ev0PIN2'), json);
    await r.adapter.idle();
    await r.fake.waitFor('second pin handled', () => (r.h.logs.join('').includes('message was pinned before') ? true : undefined));
    const pins = (await r.h.app.store.readEvents(INC))!.filter((e) => e.type === 'incident.pinned');
    expect(pins).toHaveLength(1);
    expect(pins[0]).toMatchObject({
      actor: 'alice',
      data: { author: 'bob', text: '客服反馈 30 单未发货', messageAt: 1795312680000, permalink: `https://test.slack.com/archives/C0INC/p1795312680000200` },
    });
    const timeline = (await r.h.run('alice', `/incident timeline ${INC}`)).text;
    expect(timeline).toContain('pinned a message by bob (sent 2026-11-22 09:58:00): 客服反馈 30 单未发货 <https://test.slack.com/archives/C0INC/p1795312680000200>');
  });

  it('ignores other emoji, other channels and people who are not responders', async () => {
    const r = await rigWithIncident();
    await post(r.url, reaction('U0ALICE', 'Ev0X1', { reaction: 'eyes' }), json);
    await post(r.url, reaction('U0ALICE', 'Ev0X2', { channel: 'C0OTHER' }), json);
    await post(r.url, reaction('U0CAROL', 'Ev0X3'), json);
    await r.fake.waitFor('both ignored', () => (r.h.logs.join('').includes('no open incident in this channel') && r.h.logs.join('').includes('not a responder') ? true : undefined));
    await r.adapter.idle();
    expect((await r.h.app.store.readEvents(INC))!.filter((e) => e.type === 'incident.pinned')).toHaveLength(0);
    expect(r.fake.callsTo('conversations.history')).toHaveLength(0);
  });
});
