import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DingTalkApi, DingTalkApiError } from '../../src/adapters/dingtalk/openapi.js';
import { AdapterStartError } from '../../src/runtime/chat-adapter.js';
import { FakeClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { CLIENT_ID, CLIENT_SECRET, startDtRig } from './dingtalk-rig.js';
import { FakeDingTalk } from './fake-dingtalk.js';
import { loopbackOnly } from './slack-rig.js';

const SEND = '/v1.0/robot/groupMessages/send';
let fake: FakeDingTalk;

beforeAll(async () => {
  loopbackOnly();
  fake = await FakeDingTalk.start();
});
afterAll(async () => {
  await fake.close();
  nock.enableNetConnect();
});

function api(clock: FakeClock, tokens: string[] = []): DingTalkApi {
  return new DingTalkApi({ apiBase: fake.apiBase, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, clock, logger: silentLogger, retries: 2, retryBaseMs: 5, onToken: (t) => tokens.push(t) });
}

describe('DingTalk OpenAPI client', () => {
  it('caches the access token until shortly before expireIn, then fetches a new one', async () => {
    const clock = new FakeClock();
    const tokens: string[] = [];
    const client = api(clock, tokens);
    const TOKEN = '/v1.0/oauth2/accessToken';
    const before = fake.callsTo(TOKEN).length;
    await client.call('POST', SEND, { n: 1 });
    clock.advance(60 * 60_000);
    await client.call('POST', SEND, { n: 2 });
    expect(fake.callsTo(TOKEN).length - before).toBe(1);
    expect(fake.callsTo(TOKEN).at(-1)!.body).toEqual({ appKey: CLIENT_ID, appSecret: CLIENT_SECRET });
    clock.advance(56 * 60_000);
    await client.call('POST', SEND, { n: 3 });
    expect(fake.callsTo(TOKEN).length - before).toBe(2);
    expect(tokens).toHaveLength(2);
    expect(fake.callsTo(SEND).slice(-1)[0]!.token).toBe(tokens[1]);
  });

  it('fetches a new token when DingTalk refuses the cached one, and retries 429 and 5xx', async () => {
    const client = api(new FakeClock());
    await client.call('POST', SEND, {});
    const tokensBefore = fake.tokens;
    fake.script(SEND, { status: 401, body: { code: 'InvalidAuthentication', message: '不合法的access_token' } }, { status: 429, body: { code: 'Throttling' }, headers: { 'retry-after': '0' } }, { status: 503 });
    await expect(client.call('POST', SEND, { ok: true })).resolves.toMatchObject({ processQueryKey: expect.any(String) as unknown });
    expect(fake.tokens).toBe(tokensBefore + 1);
  });

  it('reports a refusal and a service that stays down as DingTalkApiError, never a crash', async () => {
    const client = api(new FakeClock());
    fake.script(SEND, { status: 403, body: { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: '没有调用该接口的权限' } });
    await expect(client.call('POST', SEND, {})).rejects.toThrow(/Forbidden\.AccessDenied.*没有调用该接口的权限/);
    fake.script(SEND, { status: 500 }, { status: 500 }, { status: 500 });
    const err = await client.call('POST', SEND, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DingTalkApiError);
    expect((err as DingTalkApiError).status).toBe(500);
  });
});

describe('DingTalk start-up', () => {
  it('keeps retrying while the gateway is down, says so in health, then connects', async () => {
    const down = await FakeDingTalk.start();
    down.script('/v1.0/gateway/connections/open', { status: 503, body: { code: 'ServiceUnavailable' } }, { status: 503 });
    const rig = await startDtRig({ fake: down });
    try {
      expect(rig.adapter.health().state).toBe('reconnecting');
      expect(rig.adapter.health().detail).toContain('HTTP 503');
      await down.waitForConnections(1);
      await expect.poll(() => rig.adapter.health().state).toBe('connected');
    } finally {
      await rig.close();
      await down.close();
    }
  });

  it('fails with a clear message when the gateway refuses the credentials', async () => {
    const refusing = await FakeDingTalk.start();
    refusing.script('/v1.0/gateway/connections/open', { status: 401, body: { code: 'InvalidAuthentication', message: 'clientId or clientSecret is invalid' } });
    const rig = await startDtRig({ fake: refusing, start: false });
    try {
      const err = await rig.adapter.start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterStartError);
      expect((err as Error).message).toContain('HTTP 401 InvalidAuthentication');
      expect((err as Error).message).toContain('DINGTALK_CLIENT_SECRET');
      expect((err as Error).message).not.toContain(CLIENT_SECRET);
      expect(rig.adapter.health().state).toBe('failed');
    } finally {
      await rig.close();
      await refusing.close();
    }
  });
});
