import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_RECORD } from '../../src/adapters/slack/listeners.js';
import { FakeClock } from '../../src/core/clock.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { FakeSlack } from '../protocol/fake-slack.js';
import { mentionPayload, post } from '../protocol/slack-requests.js';
import { loopbackOnly, startRig, type Rig } from '../protocol/slack-rig.js';
import { RedisServer } from '../support/redis-server.js';

let server: RedisServer;
beforeAll(async () => {
  loopbackOnly();
  server = await RedisServer.start();
});
afterAll(async () => {
  nock.enableNetConnect();
  await server.stop();
});

/** Delivers the Events API callback of `@zhiban <text>` with `eventId` to one replica. */
async function deliver(r: Rig, eventId: string, text: string, retry?: number): Promise<void> {
  const body = JSON.stringify(mentionPayload('U0ALICE', `<@UBOT> ${text}`, eventId, { ts: '1700000900.000100' }));
  const headers: Record<string, string> = retry ? { 'X-Slack-Retry-Num': String(retry), 'X-Slack-Retry-Reason': 'http_timeout' } : {};
  expect((await post(r.url, body, { contentType: 'application/json', headers })).status).toBe(200);
}

describe('two Slack replicas, each with its own connection to one Redis', () => {
  it('the same app_mention delivered to both at once declares one incident and is answered once', async () => {
    const fake = await FakeSlack.start();
    // Redis expires the dedupe claims by its own clock, so the bot's clock must agree with it (as in production).
    const clock = new FakeClock(new Date().toISOString());
    const stores = await Promise.all([1, 2].map(() => RedisStore.open({ url: server.url, prefix: 'slack:', timeoutMs: 10_000 })));
    const [one, two] = await Promise.all(stores.map((store) => startRig({ store, clock, fake })));
    await Promise.all([deliver(one!, 'EvRedis01', 'incident declare P1 支付回调失败'), deliver(two!, 'EvRedis01', 'incident declare P1 支付回调失败', 1)]);
    await Promise.all([one!.adapter.idle(), two!.adapter.idle()]);
    expect(await stores[0]!.listIncidents()).toEqual([expect.stringMatching(/^INC-\d{8}-001$/)]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect((await stores[1]!.listRecords(EVENT_RECORD)).map((r) => r.id)).toEqual(['EvRedis01']);
    await Promise.all([one!.close(), two!.close()]);
    await Promise.all(stores.map((s) => s.close()));
    await fake.close();
  });
});
