import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { StoreUnavailableError, type NewEvent, type PutOptions, type StoredEvent } from '../../src/store/port.js';
import { dockerSocketPath } from '../support/docker.js';
import { startGateway, type FakeGateway } from '../support/gateway.js';
import { harness, type Harness } from '../support/harness.js';
import { closedPort } from '../support/net-fixtures.js';
import { advanceMinutes, connectSlack, drain, type RecordingAdapter } from '../support/paging.js';

/** 2026-11-22 10:00 in Shanghai, two minutes after the fixtures' alerts started. */
const T0 = Date.parse('2026-11-22T02:00:00.000Z');
const INC = 'INC-20261122-001';
const TOKEN = 'alert-token-0123456789abcdef';
const HMAC = 'hmac-secret-for-the-webhook';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/alerts/${name}.json`, import.meta.url), 'utf8');

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

interface Rig {
  h: Harness;
  slack: RecordingAdapter;
  robot: FakeGateway;
  base: string;
  post(path: string, body: string, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  events(type?: string, id?: string): Promise<StoredEvent[]>;
}

async function setup(opts: { mysqlPort?: number; extra?: string; store?: FlakyStore } = {}): Promise<Rig> {
  const robot = await startGateway();
  closers.push(() => robot.close());
  const yaml = `
locale: en
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder] }
  - { id: zhangsan, name: 张三, roles: [responder] }
contacts:
  - { name: 张三, title: 运维负责人, user: zhangsan, phone: "13800138000", level: 1 }
paging:
  dingtalkRobot: { webhook: "${robot.url}/robot/send?access_token=\${ROBOT_TOKEN}" }
probes:
  timeoutMs: 2000
  docker: { socketPath: ${dockerSocketPath()} }
  # a deadlock another test left on the shared server must not turn "reachable" into warn here
  mysql: { dsn: "mysql://root@127.0.0.1:${opts.mysqlPort ?? 3306}/test", deadlockWindowMinutes: 0.001 }
alerts:
  token: "\${ZHIBAN_ALERT_TOKEN}"
  hmac: { webhook: { secret: "\${WEBHOOK_HMAC}" } }
  channel: C-ALERTS
  routes:
    - { match: { alertname: MySQLDown }, symptom: db-conn, channels: [C-DB, C-OPS] }
    - { matchRegex: { alertname: "Quiet.*" }, severity: P3, page: false }
${opts.extra ?? ''}`;
  const h = await harness({ yaml, env: { ZHIBAN_ALERT_TOKEN: TOKEN, WEBHOOK_HMAC: HMAC, ROBOT_TOKEN: 'robot-tok' }, clock: opts.store ? opts.store.fakeClock : new FakeClock(T0), ...(opts.store ? { store: opts.store } : {}) });
  const slack = connectSlack(h);
  const port = await h.app.http.start(0, '127.0.0.1');
  closers.push(() => h.app.close());
  const base = `http://127.0.0.1:${port}`;
  return {
    h,
    slack,
    robot,
    base,
    async post(path, body, headers = { authorization: `Bearer ${TOKEN}` }) {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const text = await res.text();
      await h.app.alerts!.idle();
      return { status: res.status, text };
    },
    async events(type, id = INC) {
      const all = (await h.store.readEvents(id)) ?? [];
      return type ? all.filter((e) => e.type === type) : all;
    },
  };
}

/** A memory store whose record writes fail as a Redis store's do while the server is down. */
class FlakyStore extends MemoryStore {
  down = false;
  constructor(readonly fakeClock: FakeClock) {
    super({ clock: fakeClock });
  }
  /** While set, creating an incident fails as a store that went down would. */
  createDown = false;
  override async createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    if (this.createDown) throw new StoreUnavailableError('redis://127.0.0.1:6390', 'connection refused');
    return super.createIncident(id, first);
  }
  override async putRecord<T>(kind: string, id: string, value: T, expectedVersion: number, opts?: PutOptions): Promise<number | undefined> {
    if (this.down) throw new StoreUnavailableError('redis://127.0.0.1:6390', 'connection refused');
    return super.putRecord(kind, id, value, expectedVersion, opts);
  }
}

describe('alert intake: authentication and bad bodies', () => {
  it('a wrong or missing token is refused with 401 and nothing is recorded', async () => {
    const r = await setup();
    const wrong = await r.post('/alerts/alertmanager', fixture('alertmanager-firing'), { authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('unauthorized');
    expect((await r.post('/alerts/grafana', fixture('grafana-firing'), {})).status).toBe(401);
    const badSig = await r.post('/alerts/webhook', '{"alerts":[{"labels":{"alertname":"X"}}]}', { 'x-zhiban-signature': `sha256=${'0'.repeat(64)}` });
    expect(badSig.status).toBe(401);
    expect(await r.h.store.listIncidents()).toEqual([]);
    expect(await r.h.store.listRecordIds('alert-group')).toEqual([]);
    expect(r.h.logs.filter((l) => l.includes('alert notification refused: bad or missing credentials'))).toHaveLength(3);
    // A flood of refusals logs one line per source per minute, then says how many went unlogged.
    for (let i = 0; i < 5; i++) expect((await r.post('/alerts/alertmanager', fixture('alertmanager-firing'), { authorization: 'Bearer nope' })).status).toBe(401);
    expect(r.h.logs.filter((l) => l.includes('alert notification refused: bad or missing credentials'))).toHaveLength(3);
    r.h.clock.advance(60_000);
    await r.post('/alerts/alertmanager', fixture('alertmanager-firing'), { authorization: 'Bearer nope' });
    expect(r.h.logs.filter((l) => l.includes('refused: bad or missing credentials')).at(-1)).toContain('"notLoggedSince":5');
    expect(r.h.logs.join('')).not.toContain(TOKEN);
  });

  it('malformed, invalid and oversized bodies get 400/413 with the reason, and nothing is recorded', async () => {
    const r = await setup();
    const notJson = await r.post('/alerts/alertmanager', '{"status": "firing",');
    expect(notJson.status).toBe(400);
    expect(notJson.text).toContain('the body is not JSON');
    const bad = JSON.parse(fixture('alertmanager-firing')) as { alerts: Array<Record<string, unknown>> };
    bad.alerts[0]!.startsAt = 'yesterday';
    const invalid = await r.post('/alerts/alertmanager', JSON.stringify(bad));
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text)).toEqual({ error: 'invalid alertmanager notification: alerts[0].startsAt: not an RFC 3339 time' });
    const noGroup = await r.post('/alerts/grafana', JSON.stringify({ status: 'firing', alerts: [] }));
    expect(noGroup.status).toBe(400);
    expect(noGroup.text).toContain('groupKey');
    const huge = JSON.stringify({ alerts: [{ labels: { alertname: 'Big', blob: 'x'.repeat(70_000) } }] });
    const tooBig = await r.post('/alerts/webhook', huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.text).toContain('too large');
    expect((await r.post('/alerts/nagios', '{}')).status).toBe(404);
    expect(await r.h.store.listIncidents()).toEqual([]);
    expect(await r.h.store.listRecordIds('alert-group')).toEqual([]);
  });
});

describe('alert intake: Alertmanager', () => {
  it('a firing alert opens one P0 incident, diagnoses db-conn against a MySQL that is down (crit), plans the page and posts to the route channels', async () => {
    const r = await setup({ mysqlPort: await closedPort() });
    const res = await r.post('/alerts/alertmanager', fixture('alertmanager-firing'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ ok: true, incidents: [INC], opened: [INC] });
    expect(await r.h.store.listIncidents()).toEqual([INC]);
    const inc = await r.h.app.services.incidents.get(INC);
    expect([inc.severity, inc.title, inc.declaredBy, inc.channel, inc.platform]).toEqual(['P0', 'MySQLDown: MySQL instance is down', 'alertmanager', 'C-DB', 'slack']);
    const [firing] = await r.events('alert.firing');
    expect(firing!.actor).toBe('alertmanager');
    expect(firing!.data).toMatchObject({
      source: 'alertmanager',
      fingerprint: '6e1c2d3f4a5b6c7d',
      labels: { alertname: 'MySQLDown', instance: 'db-master:9104', severity: 'critical' },
      startsAt: Date.parse('2026-11-22T01:58:30.000Z'),
      generatorURL: 'http://prometheus.mall.internal:9090/graph?g0.expr=mysql_up+%3D%3D+0&g0.tab=1',
    });
    expect(JSON.stringify(firing!.data)).not.toContain('S3cretPass');
    const [check] = await r.events('check.result');
    expect(check!.data.command).toBe('/diagnose db-conn');
    const results = check!.data.results as Array<{ probe: string; verdict: string }>;
    expect(results.find((x) => x.probe === 'mysql')!.verdict).toBe('crit');
    expect(check!.data.verdict).toBe('crit');
    expect(await r.events('paging.started')).toHaveLength(1);
    const posted = r.slack.delivered.filter((d) => d.to.kind === 'conversation').map((d) => (d.to.kind === 'conversation' ? d.to.id : ''));
    expect(posted).toEqual(['C-OPS', 'C-DB', 'C-OPS']);
    const shown = await r.h.run('alice', `/incident timeline ${INC}`);
    expect(shown.text).toContain('Alert MySQLDown firing since 2026-11-22 09:58:30 (alertmanager): MySQL instance is down');
    expect(shown.text).toMatch(/\/diagnose db-conn/);
  });

  it('against the real MariaDB the diagnosis says mysql ok', async () => {
    const r = await setup();
    expect((await r.post('/alerts/alertmanager', fixture('alertmanager-firing'))).status).toBe(200);
    const [check] = await r.events('check.result');
    const results = check!.data.results as Array<{ probe: string; verdict: string }>;
    const mysql = results.find((x) => x.probe === 'mysql')!;
    expect(mysql.verdict).toBe('ok');
  });

  it('the same notification twice is one incident with one alert event; resolved is noted and the card suggests mitigated', async () => {
    const r = await setup();
    await r.post('/alerts/alertmanager', fixture('alertmanager-firing'));
    const again = await r.post('/alerts/alertmanager', fixture('alertmanager-firing'));
    expect(JSON.parse(again.text)).toEqual({ ok: true, incidents: [INC], opened: [] });
    expect(await r.h.store.listIncidents()).toEqual([INC]);
    expect(await r.events('alert.firing')).toHaveLength(1);
    expect(await r.events('check.result')).toHaveLength(1);
    r.h.clock.advance(5 * 60_000);
    expect((await r.post('/alerts/alertmanager', fixture('alertmanager-resolved'))).status).toBe(200);
    expect((await r.post('/alerts/alertmanager', fixture('alertmanager-resolved'))).status).toBe(200);
    const resolved = await r.events('alert.resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.data.endsAt).toBe(Date.parse('2026-11-22T02:04:30.000Z'));
    const inc = await r.h.app.services.incidents.get(INC);
    expect(inc.status).toBe('investigating');
    const card = await r.h.run('alice', `/incident show ${INC}`);
    expect(card.text).toContain('all 1 resolved at the monitoring side — if the service is back, set /incident status INC-20261122-001 mitigated');
    const timeline = await r.h.run('alice', `/incident timeline ${INC}`);
    expect(timeline.text).toContain('Alert MySQLDown resolved at 2026-11-22 10:04:30 (alertmanager)');
  });

  it('a truncated notification is noted; a route without paging plans no page', async () => {
    const r = await setup();
    const body = JSON.parse(fixture('alertmanager-firing')) as Record<string, unknown> & { alerts: Array<{ labels: Record<string, string> }> };
    body.groupKey = '{}:{alertname="QuietDiskWarning"}';
    body.truncatedAlerts = 7;
    body.alerts[0]!.labels = { alertname: 'QuietDiskWarning', severity: 'critical' };
    expect((await r.post('/alerts/alertmanager', JSON.stringify(body))).status).toBe(200);
    expect((await r.h.app.services.incidents.get(INC)).severity).toBe('P3');
    expect((await r.events('alert.truncated')).map((e) => e.data.count)).toEqual([7]);
    expect(await r.events('paging.started')).toHaveLength(0);
  });
});

describe('alert intake: the store down', () => {
  it('answers 503 so the sender retries (also when it fails while opening the incident), and the retry opens the one incident at once', async () => {
    const store = new FlakyStore(new FakeClock(T0));
    const r = await setup({ store });
    store.down = true;
    const refused = await r.post('/alerts/alertmanager', fixture('alertmanager-firing'));
    expect(refused.status).toBe(503);
    expect(refused.text).toContain('the store is unavailable');
    expect(await r.h.store.listIncidents()).toEqual([]);
    store.down = false;
    store.createDown = true;
    expect((await r.post('/alerts/alertmanager', fixture('alertmanager-firing'))).status).toBe(503);
    store.createDown = false;
    expect((await r.post('/alerts/alertmanager', fixture('alertmanager-firing'))).status).toBe(200);
    expect(await r.h.store.listIncidents()).toEqual([INC]);
    expect(await r.events('alert.firing')).toHaveLength(1);
  });
});

describe('alert intake: Grafana and the generic webhook', () => {
  it('a grouped Grafana notification opens one incident with the mapped severity; resolved notes both', async () => {
    const r = await setup();
    const res = await r.post('/alerts/grafana', fixture('grafana-firing'));
    expect(res.status).toBe(200);
    expect(await r.h.store.listIncidents()).toEqual([INC]);
    const inc = await r.h.app.services.incidents.get(INC);
    expect([inc.severity, inc.title, inc.channel]).toEqual(['P2', 'High memory usage: This alert was triggered for zone us-1', 'C-ALERTS']);
    expect((await r.events('alert.firing')).map((e) => e.data.fingerprint)).toEqual(['c6eadffa33fcdf37', 'bc97ff14869b13e3']);
    expect(await r.events('check.result')).toHaveLength(0);
    expect(await r.events('paging.started')).toHaveLength(1);
    await r.post('/alerts/grafana', fixture('grafana-resolved'));
    expect(await r.events('alert.resolved')).toHaveLength(2);
    expect((await r.h.app.services.incidents.get(INC)).alerts).toMatchObject({ firing: { count: 0 }, seen: { count: 2 } });
  });

  it('the generic webhook takes an HMAC-signed body, groups by alertname and fills in what it leaves out', async () => {
    const r = await setup();
    const body = JSON.stringify({ alerts: [{ labels: { alertname: 'OrdersStuck', severity: 'error' }, annotations: { summary: '12 orders unpaid after callback' } }, { labels: { alertname: 'OrdersStuck', shop: 'b' } }] });
    const sig = createHmac('sha256', HMAC).update(body).digest('hex');
    const res = await r.post('/alerts/webhook', body, { 'x-zhiban-signature': `sha256=${sig}` });
    expect(res.status).toBe(200);
    const inc = await r.h.app.services.incidents.get(INC);
    expect([inc.severity, inc.title]).toEqual(['P1', 'OrdersStuck: 12 orders unpaid after callback']);
    expect((await r.events('alert.firing')).map((e) => e.data.startsAt)).toEqual([T0, T0]);
  });
});

describe('alert intake: storms', () => {
  it('1,000 alerts in 50 groups open 50 incidents, repeats add nothing, and the robot stays within its 20 a minute', async () => {
    const r = await setup();
    const notify = (g: number) =>
      JSON.stringify({
        version: '4', groupKey: `{}:{alertname="Backend5xx",pod="backend-${g}"}`, truncatedAlerts: 0, status: 'firing', receiver: 'zhiban',
        groupLabels: { alertname: 'Backend5xx' }, commonLabels: { alertname: 'Backend5xx', severity: 'warning' }, commonAnnotations: {}, externalURL: 'http://am:9093',
        alerts: Array.from({ length: 20 }, (_, i) => ({
          status: 'firing', labels: { alertname: 'Backend5xx', severity: 'warning', pod: `backend-${g}`, route: `/api/v1/r${i}` }, annotations: { summary: `5xx on backend-${g}` },
          startsAt: '2026-11-22T01:59:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prom:9090/graph', fingerprint: `fp-${g}-${i}`,
        })),
      });
    const groups = Array.from({ length: 50 }, (_, g) => g);
    const answers = await Promise.all([...groups, ...groups.slice(0, 10)].map((g) => r.post('/alerts/alertmanager', notify(g))));
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(200));
    const ids = await r.h.store.listIncidents();
    expect(ids).toHaveLength(50);
    let firing = 0;
    for (const id of ids) firing += (await r.events('alert.firing', id)).length;
    expect(firing).toBe(1000);
    await drain(r.h);
    expect(r.robot.received.length).toBeGreaterThan(0);
    expect(r.robot.received.length).toBeLessThanOrEqual(20);
    let sent = r.robot.received.length;
    for (let m = 0; m < 5; m++) {
      await advanceMinutes(r.h, 1);
      expect(r.robot.received.length - sent).toBeLessThanOrEqual(20);
      sent = r.robot.received.length;
    }
    let started = 0;
    for (const id of ids) started += (await r.events('paging.started', id)).length;
    expect(started).toBe(50);
  });
});
