import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../src/adapters/slack/adapter.js';
import { EVENTS_PATH } from '../../src/adapters/slack/http-receiver.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { startTimerLoop, type TimerLoop } from '../../src/runtime/timer-loop.js';
import { addServiceRoutes } from '../../src/service/routes.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { harness, type Harness } from '../support/harness.js';
import { RedisServer } from '../support/redis-server.js';
import { FakeSlack } from './fake-slack.js';
import { commandBody, post, SIGNING_SECRET } from './slack-requests.js';
import { BOT_TOKEN, loopbackOnly, SLACK_CONFIG } from './slack-rig.js';

const TOKEN = 'metrics-token-5f2c9a7e11d04b6b';

/** One zhiban as `zhiban start` runs it in Slack HTTP mode: the Slack adapter mounted on the app's one HTTP server. */
interface Service {
  h: Harness;
  base: string;
  fake: FakeSlack;
  loop: TimerLoop;
  runtime: Runtime;
  close(): Promise<void>;
}

let open: Service[] = [];
const servers: RedisServer[] = [];

async function service(opts: { yaml?: string; store?: RedisStore; env?: NodeJS.ProcessEnv } = {}): Promise<Service> {
  const fake = await FakeSlack.start();
  const h = await harness({ yaml: opts.yaml ?? SLACK_CONFIG, ...(opts.store ? { store: opts.store } : {}), ...(opts.env ? { env: opts.env } : {}) });
  const runtime = new Runtime(h.app, { cardRefreshMs: 3_600_000, http: h.app.http });
  const loop = startTimerLoop(h.app.timers, 100, h.app.logger);
  addServiceRoutes(h.app.http, {
    store: h.app.store,
    metrics: h.app.metrics,
    platforms: () => runtime.health(),
    lastTickAt: () => loop.lastTickAt(),
    tickEveryMs: loop.everyMs,
    draining: () => runtime.isDraining,
    now: () => Date.now(),
    redact: (s) => h.app.redactor.redact(s),
    storeTimeoutMs: 1_000,
    ...(h.app.config.http?.token ? { token: h.app.config.http.token } : {}),
  });
  const port = await h.app.http.start(0, '127.0.0.1');
  const slack = new SlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl }, runtime.context('slack'));
  await runtime.start([slack]);
  const s: Service = {
    h,
    base: `http://127.0.0.1:${port}`,
    fake,
    loop,
    runtime,
    async close() {
      await runtime.stop();
      await loop.stop();
      await h.app.close();
      await fake.close();
    },
  };
  open.push(s);
  return s;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text() };
}

/** Samples of a Prometheus text exposition: `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return samples;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(loopbackOnly);
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  nock.enableNetConnect();
});

describe('one HTTP server: health, readiness, metrics and Slack', () => {
  it('serves /healthz, and Slack signed requests on the same port (forged ones still get 401)', async () => {
    const s = await service();
    expect(await get(`${s.base}/healthz`)).toEqual({ status: 200, text: 'ok\n' });
    const ack = await post(`${s.base}${EVENTS_PATH}`, commandBody('U0ALICE', '/incident declare P2 支付回调失败', s.fake.responseUrl('declare')));
    expect(ack.status).toBe(200);
    expect(JSON.stringify((await s.fake.waitForResponse('declare')).body)).toContain('INC-20261122-001');
    const forged = await post(`${s.base}${EVENTS_PATH}`, commandBody('U0ALICE', '/incident list', s.fake.responseUrl('x')), { secret: 'not-the-secret-at-all-000' });
    expect(forged.status).toBe(401);
  });

  it('is ready with the Redis store up, 503 naming the store while it is down, and ready again after', async () => {
    const redis = await RedisServer.start();
    servers.push(redis);
    const store = await RedisStore.open({ url: redis.url, timeoutMs: 500 });
    const s = await service({ store });
    const ready = await waitFor('ready', async () => {
      const r = await get(`${s.base}/readyz`);
      return r.status === 200 ? r : undefined;
    });
    expect(ready.text).toMatch(/^ready\n/);
    expect(ready.text).toContain('ok   chat slack: connected');
    expect(ready.text).toContain(`ok   store: redis ${redis.url} reachable`);

    await redis.kill();
    const down = await get(`${s.base}/readyz`);
    expect(down.status).toBe(503);
    expect(down.text).toMatch(/^not ready\n/);
    expect(down.text).toContain(`FAIL store: redis ${redis.url} unreachable`);
    expect((await get(`${s.base}/healthz`)).status).toBe(200);

    await redis.start();
    await waitFor('ready again', async () => ((await get(`${s.base}/readyz`)).status === 200 ? true : undefined));
  });

  it('counts commands by name and outcome, store operations and command latency in /metrics', async () => {
    const s = await service();
    const before = parseMetrics((await get(`${s.base}/metrics`)).text);
    expect(before.get('zhiban_commands_total{command="incident declare",outcome="ok"}')).toBeUndefined();
    await s.h.run('alice', '/incident declare P2 库存锁超时');
    await s.h.run('carol', '/incident declare P2 viewer may not');
    await s.h.run('alice', '/incident note INC-20261122-001 已回滚');
    const ack = await post(`${s.base}${EVENTS_PATH}`, commandBody('U0ALICE', '/incident list', s.fake.responseUrl('list')));
    expect(ack.status).toBe(200);
    await s.fake.waitForResponse('list');

    const res = await fetch(`${s.base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const after = parseMetrics(await res.text());
    expect(after.get('zhiban_commands_total{command="incident declare",outcome="ok"}')).toBe(1);
    expect(after.get('zhiban_commands_total{command="incident declare",outcome="refused"}')).toBe(1);
    expect(after.get('zhiban_commands_total{command="incident note",outcome="ok"}')).toBe(1);
    expect(after.get('zhiban_commands_total{command="incident list",outcome="ok"}')).toBe(1);
    expect(after.get('zhiban_command_duration_seconds_count{command="incident declare"}')).toBe(2);
    expect(after.get('zhiban_store_operation_duration_seconds_count{op="createIncident",outcome="ok"}')).toBe(1);
    expect(after.get('zhiban_chat_ack_duration_seconds_count{platform="slack"}')).toBeGreaterThanOrEqual(1);
    expect([...after.keys()].some((k) => k.startsWith('zhiban_store_operation_duration_seconds_count{op="claimDueTimers"'))).toBe(true);
  });

  it('asks for the bearer token on /readyz and /metrics when http.token is set, never on /healthz', async () => {
    const s = await service({ yaml: `${SLACK_CONFIG}\nhttp: { token: "\${ZHIBAN_METRICS_TOKEN}" }\n`, env: { ZHIBAN_METRICS_TOKEN: TOKEN } });
    for (const path of ['/readyz', '/metrics']) {
      expect((await get(`${s.base}${path}`)).status).toBe(401);
      expect((await get(`${s.base}${path}`, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
      expect((await get(`${s.base}${path}`, { authorization: 'Bearer ' })).status).toBe(401);
    }
    expect((await get(`${s.base}/metrics`, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    await waitFor('ready', async () => ((await get(`${s.base}/readyz`, { authorization: `Bearer ${TOKEN}` })).status === 200 ? true : undefined));
    expect((await get(`${s.base}/healthz`)).status).toBe(200);
  });

  it('answers 503 "shutting down" on /readyz while draining, and new commands are refused with a try-again reply', async () => {
    const s = await service();
    await waitFor('ready', async () => ((await get(`${s.base}/readyz`)).status === 200 ? true : undefined));
    await s.runtime.drain(1_000);
    const readyz = await get(`${s.base}/readyz`);
    expect(readyz.status).toBe(503);
    expect(readyz.text).toContain('FAIL shutdown: shutting down');
    const refused = await s.runtime.context('slack').dispatch({ platform: 'slack', actor: { platformId: 'U0ALICE' }, channel: 'C0INC', text: '/incident list' });
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused.blocks)).toContain('takes no new commands');
  });
});
