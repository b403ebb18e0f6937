import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature } from '../../src/adapters/slack/signature.js';
import { clickPayload, commandBody, formPayload, post, SIGNING_SECRET } from './slack-requests.js';
import { loopbackOnly, startRig, type Rig } from './slack-rig.js';

let r: Rig;
let body: string;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  loopbackOnly();
  r = await startRig();
  body = commandBody('U0ALICE', '/incident declare P0 forged', r.fake.responseUrl('never'));
});
afterAll(async () => {
  await r.close();
  nock.enableNetConnect();
});

/** Nothing a refused request carried may have run: no incident, no reply, no Web API call but the start-up auth.test. */
async function nothingHappened(): Promise<void> {
  await r.adapter.idle();
  expect(await r.h.store.listIncidents()).toEqual([]);
  expect(r.fake.responses).toEqual([]);
  expect(r.fake.calls.map((c) => c.method)).toEqual(['auth.test']);
}

describe('Slack HTTP mode refuses what Slack did not send', () => {
  it('refuses a forged signature, a wrong secret and missing headers with 401', async () => {
    expect((await post(r.url, body, { signature: `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await post(r.url, body, { secret: 'not-the-signing-secret' })).status).toBe(401);
    const unsigned = await fetch(r.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    expect(unsigned.status).toBe(401);
    await nothingHappened();
  });

  it('refuses a request signed for another body (tampered in transit)', async () => {
    const ts = String(now());
    const signature = slackSignature(SIGNING_SECRET, ts, commandBody('U0CAROL', '/incident list', r.fake.responseUrl('never')));
    expect((await post(r.url, body, { ts: Number(ts), signature })).status).toBe(401);
    await nothingHappened();
  });

  it('refuses stale (6 minutes old) and future-dated (6 minutes ahead) requests: the replay window', async () => {
    expect((await post(r.url, body, { ts: now() - 360 })).status).toBe(401);
    expect((await post(r.url, body, { ts: now() + 360 })).status).toBe(401);
    await nothingHappened();
    expect(r.h.logs.join('')).toMatch(/"reason":"stale"[\s\S]*"reason":"future"/);
  });

  it('refuses wrong content types and malformed bodies with 4xx even when signed', async () => {
    expect((await post(r.url, body, { contentType: 'text/plain' })).status).toBe(415);
    expect((await post(r.url, '{"type":"event_callback"', { contentType: 'application/json' })).status).toBe(400);
    expect((await post(r.url, '[1,2]', { contentType: 'application/json' })).status).toBe(400);
    expect((await post(r.url, 'payload=%7Bnot-json', {})).status).toBe(400);
    expect((await post(r.url, 'hello=world', {})).status).toBe(400);
    expect((await post(r.url, `text=${'x'.repeat(2 * 1024 * 1024)}`, {})).status).toBe(413);
    await nothingHappened();
  });

  it('serves only POST /slack/events', async () => {
    expect((await fetch(r.url)).status).toBe(405);
    expect((await post(r.url.replace('/slack/events', '/slack/other'), body)).status).toBe(404);
    await nothingHappened();
  });

  it('answers the url_verification challenge, and only when signed', async () => {
    const challenge = JSON.stringify({ token: 'x', challenge: 'c-3a8f1e', type: 'url_verification' });
    const ok = await post(r.url, challenge, { contentType: 'application/json' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual({ challenge: 'c-3a8f1e' });
    expect((await post(r.url, challenge, { contentType: 'application/json', secret: 'wrong' })).status).toBe(401);
  });

  it('answers 200 to a signed interaction that is not zhiban\'s, and runs nothing', async () => {
    const foreign = formPayload(clickPayload('U0ALICE', '/incident declare P0 x', r.fake.responseUrl('never'), { actionId: 'other-app:1' }));
    expect((await post(r.url, foreign)).status).toBe(200);
    await nothingHappened();
  });

  it('still serves signed requests after all of that', async () => {
    const ok = await post(r.url, commandBody('U0CAROL', '/help', r.fake.responseUrl('help')));
    expect(ok.status).toBe(200);
    expect((await r.fake.waitForResponse('help')).body.response_type).toBe('in_channel');
  });
});
