import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load.js';
import { transition } from '../../src/alerts/group-state.js';
import type { AlertGroup, IncomingAlert } from '../../src/alerts/payloads.js';
import { AlertRouter } from '../../src/alerts/routing.js';
import { FakeClock } from '../../src/core/clock.js';
import { FileStore } from '../../src/store/file-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { harness } from '../support/harness.js';

const ENV = { ZHIBAN_ALERT_TOKEN: 'alert-token-0123456789' };

function problemsOf(alerts: string, env: NodeJS.ProcessEnv = ENV): string[] {
  try {
    parseConfigText(`alerts:\n${alerts}`, 'zhiban.yml', env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
}

const routerOf = (alerts: string) => new AlertRouter(parseConfigText(`alerts:\n${alerts}`, 'zhiban.yml', ENV).config.alerts!);

describe('alerts config', () => {
  it('refuses a literal token, a missing credential, an unknown symptom and a pattern that backtracks', { timeout: 60_000 }, () => {
    expect(problemsOf('  token: plain-text-token')[0]).toMatch(/^alerts\.token: /);
    expect(problemsOf('  channel: ops')).toEqual(['alerts.token: set alerts.token ("${ZHIBAN_ALERT_TOKEN}") or alerts.hmac.<source>.secret']);
    expect(problemsOf('  token: "${ZHIBAN_ALERT_TOKEN}"\n  routes: [{ match: { alertname: X }, symptom: flu }]')[0]).toMatch(/^alerts\.routes\[0\]\.symptom: one of down, db-conn/);
    expect(problemsOf('  token: "${ZHIBAN_ALERT_TOKEN}"\n  routes: [{ matchRegex: { instance: "(a+)+" } }]')[0]).toMatch(/^alerts\.routes\[0\]\.matchRegex\.instance: this pattern can take exponential time/);
    expect(problemsOf('  token: "${ZHIBAN_ALERT_TOKEN}"\n  routes: [{ matchRegex: { instance: "db-[0-9]+:9104" }, symptom: 数据库 }]')).toEqual([]);
  });
});

describe('alert routes', () => {
  const router = routerOf(`
  token: "\${ZHIBAN_ALERT_TOKEN}"
  channel: C-ALERTS
  routes:
    - { match: { alertname: MySQLDown }, matchRegex: { instance: "db-[0-9]+:9104" }, severity: P0, symptom: db-conn, channels: [C-DB] }
    - { match: { team: marketing }, page: false }
`);

  it('the first route whose labels all match decides; regexes are anchored', () => {
    expect(router.decide({ alertname: 'MySQLDown', instance: 'db-1:9104', severity: 'warning' })).toEqual({ severity: 'P0', symptom: 'db-conn', platform: 'slack', channels: ['C-DB'], page: true });
    expect(router.decide({ alertname: 'MySQLDown', instance: 'xdb-1:9104', severity: 'warning' })).toEqual({ severity: 'P2', platform: 'slack', channels: ['C-ALERTS'], page: true });
    expect(router.decide({ alertname: 'Banner', team: 'marketing', severity: 'CRITICAL' })).toEqual({ severity: 'P0', platform: 'slack', channels: ['C-ALERTS'], page: false });
  });

  it('the default route maps the conventional severity label; unknown values take the default severity', () => {
    expect(['critical', 'error', 'warning', 'info', 'none', undefined].map((s) => router.decide(s ? { severity: s } : {}).severity)).toEqual(['P0', 'P1', 'P2', 'P3', 'P2', 'P2']);
    expect(router.decideGroup([{ severity: 'info' }, { severity: 'critical' }, { severity: 'warning' }]).severity).toBe('P0');
  });
});

describe('alert group state', () => {
  const alert = (status: IncomingAlert['status'], startsAt = 1000): IncomingAlert => ({ status, labels: { alertname: 'Flappy' }, annotations: {}, startsAt, fingerprint: 'fp1', ...(status === 'resolved' ? { endsAt: startsAt + 1 } : {}) });
  const group = (a: IncomingAlert): AlertGroup => ({ key: 'g', alerts: [a], truncated: 0 });
  const flapping = { windowMinutes: 30, flips: 4 };

  it('a repeat adds nothing; the fourth change within the window marks the alert flapping', () => {
    let known = transition('alertmanager', {}, group(alert('firing')), 0, 0, flapping).alerts;
    expect(transition('alertmanager', known, group(alert('firing')), 0, 60_000, flapping).events).toEqual([]);
    const types: string[][] = [];
    for (const [i, a] of [alert('resolved'), alert('firing', 2000), alert('resolved', 2000), alert('firing', 3000)].entries()) {
      const t = transition('alertmanager', known, group(a), 0, (i + 1) * 60_000, flapping);
      types.push(t.events.map((e) => e.type));
      known = t.alerts;
    }
    expect(types).toEqual([['alert.resolved'], ['alert.firing'], ['alert.resolved', 'alert.flapping'], ['alert.firing']]);
    expect(known.fp1!.flapping).toBe(true);
  });

  it('forgets resolved alerts that stayed quiet past the window, keeps firing ones, and stays bounded', () => {
    const many = (n: number, status: IncomingAlert['status']): AlertGroup => ({
      key: 'g', truncated: 0,
      alerts: Array.from({ length: n }, (_, i) => ({ status, labels: { alertname: 'Pod', pod: `p${i}` }, annotations: {}, startsAt: 0, fingerprint: `fp${i}`, ...(status === 'resolved' ? { endsAt: 1 } : {}) })),
    });
    const firing = transition('alertmanager', {}, many(1_500, 'firing'), 0, 0, flapping).alerts;
    const resolved = transition('alertmanager', firing, many(1_200, 'resolved'), 0, 60_000, flapping).alerts;
    expect(Object.keys(resolved).length).toBeLessThanOrEqual(1_000 + 300);
    expect(Object.values(resolved).filter((a) => a.status === 'firing')).toHaveLength(300);
    // Two hours on, the quiet resolved ones are gone; fp0 firing again is a new firing.
    const later = transition('alertmanager', resolved, many(1, 'firing'), 0, 2 * 3_600_000, flapping);
    expect(later.events.map((e) => e.type)).toEqual(['alert.firing']);
    expect(Object.keys(later.alerts).sort()).toEqual(['fp0', ...Object.keys(resolved).filter((fp) => resolved[fp]!.status === 'firing')].sort());
    // An old resolution of an alert no longer remembered adds nothing.
    const stale: AlertGroup = { key: 'g', truncated: 0, alerts: [{ status: 'resolved', labels: { alertname: 'Pod', pod: 'p5' }, annotations: {}, startsAt: 0, endsAt: 1, fingerprint: 'fp5' }] };
    expect(transition('alertmanager', later.alerts, stale, 0, 2 * 3_600_000, flapping).events).toEqual([]);
  });
});

describe('alert intake across replicas and after a resolve', () => {
  const yaml = `
locale: en
timezone: Asia/Shanghai
users: [{ id: alice, roles: [responder] }]
alerts:
  token: "\${ZHIBAN_ALERT_TOKEN}"
  flapping: { windowMinutes: 30, flips: 3 }
`;
  const body = (status: 'firing' | 'resolved', startsAt: string) =>
    JSON.stringify({ version: '4', groupKey: '{}:{alertname="RedisDown"}', status, truncatedAlerts: 0, alerts: [{ status, labels: { alertname: 'RedisDown', severity: 'critical' }, annotations: {}, startsAt, endsAt: status === 'resolved' ? '2026-11-22T02:01:00Z' : '0001-01-01T00:00:00Z', fingerprint: 'r1' }] });

  it.each(['memory', 'file'])('two replicas on one %s store receiving the same notification at once open one incident', async (kind) => {
    const clock = new FakeClock('2026-11-22T02:00:00.000Z');
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-alerts-'));
    const open = async () => (kind === 'memory' ? shared : await FileStore.open({ dir, clock }));
    const shared = new MemoryStore({ clock });
    const [a, b] = await Promise.all([harness({ yaml, store: await open(), clock, env: ENV }), harness({ yaml, store: await open(), clock, env: ENV })]);
    const store = a.store;
    const out = await Promise.all([a.app.alerts!.receive('alertmanager', body('firing', '2026-11-22T01:59:00Z')), b.app.alerts!.receive('alertmanager', body('firing', '2026-11-22T01:59:00Z'))]);
    expect(out.map((o) => o.kind)).toEqual(['accepted', 'accepted']);
    expect(await store.listIncidents()).toEqual(['INC-20261122-001']);
    expect((await store.readEvents('INC-20261122-001'))!.filter((e) => e.type === 'alert.firing')).toHaveLength(1);
    await a.app.close();
    await b.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a human resolves the incident, a new firing opens a new incident, but a flapping alert does not', async () => {
    const h = await harness({ yaml, env: ENV });
    const intake = h.app.alerts!;
    await intake.receive('alertmanager', body('firing', '2026-11-22T01:59:00Z'));
    await h.run('alice', '/incident resolve INC-20261122-001 Redis restarted');
    h.clock.advance(60_000);
    await intake.receive('alertmanager', body('resolved', '2026-11-22T01:59:00Z'));
    h.clock.advance(60_000);
    await intake.receive('alertmanager', body('firing', '2026-11-22T02:02:00Z'));
    expect(await h.store.listIncidents()).toEqual(['INC-20261122-001']);
    const first = (await h.store.readEvents('INC-20261122-001'))!.map((e) => e.type);
    expect(first.filter((t) => t.startsWith('alert.'))).toEqual(['alert.firing', 'alert.resolved', 'alert.firing', 'alert.flapping']);
    h.clock.advance(60 * 60_000);
    await intake.receive('alertmanager', body('resolved', '2026-11-22T02:02:00Z'));
    h.clock.advance(60 * 60_000);
    await intake.receive('alertmanager', body('firing', '2026-11-22T04:10:00Z'));
    expect(await h.store.listIncidents()).toEqual(['INC-20261122-001', 'INC-20261122-002']);
    expect((await h.store.readEvents('INC-20261122-002'))!.map((e) => e.type)).toEqual(['incident.declared', 'alert.firing']);
  });
});

describe('alert intake storm limit', () => {
  it('past maxNewIncidentsPerMinute a new group is refused as busy (the sender retries) and taken a minute later', async () => {
    const yaml = `
alerts:
  token: "\${ZHIBAN_ALERT_TOKEN}"
  maxNewIncidentsPerMinute: 2
`;
    const h = await harness({ yaml, env: ENV });
    const body = (n: number) => JSON.stringify({ groupKey: `g${n}`, alerts: [{ labels: { alertname: `A${n}` } }] });
    const out = [];
    for (const n of [1, 2, 3]) out.push(await h.app.alerts!.receive('webhook', body(n)));
    expect(out.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'busy']);
    expect(out[2]).toMatchObject({ reason: 'storm' });
    expect(await h.store.listIncidents()).toHaveLength(2);
    h.clock.advance(60_000);
    expect(await h.app.alerts!.receive('webhook', body(3))).toMatchObject({ kind: 'accepted', opened: ['INC-20261122-003'] });
  });
});

describe('generic webhook alerts without a start time', () => {
  it('a resend of the same firing alert adds nothing, is not flapping, and the first arrival stands as its start', async () => {
    const h = await harness({ yaml: 'alerts:\n  token: "${ZHIBAN_ALERT_TOKEN}"\n', env: ENV });
    const body = JSON.stringify({ alerts: [{ labels: { alertname: 'QueueBacklog', severity: 'warning' } }] });
    for (let i = 0; i < 5; i++) {
      await h.app.alerts!.receive('webhook', body);
      h.clock.advance(5 * 60_000);
    }
    const [inc] = await h.store.listIncidents();
    const types = (await h.store.readEvents(inc!))!.map((e) => e.type);
    expect(types.filter((t) => t === 'alert.firing')).toHaveLength(1);
    expect(types).not.toContain('alert.flapping');
    expect(await h.store.listIncidents()).toHaveLength(1);
  });
});

describe('alert events in the review export', () => {
  it('the Markdown review shows alert events as sentences, in Chinese too', async () => {
    const yaml = (locale: string) => `
locale: ${locale}
timezone: Asia/Shanghai
users: [{ id: alice, roles: [responder] }]
alerts: { token: "\${ZHIBAN_ALERT_TOKEN}" }
`;
    const body = (status: string) => JSON.stringify({ groupKey: 'redis', alerts: [{ status, labels: { alertname: 'RedisDown' }, annotations: { summary: 'redis-master unreachable' }, startsAt: '2026-11-22T01:59:00Z', ...(status === 'resolved' ? { endsAt: '2026-11-22T02:03:00Z' } : {}) }] });
    for (const [locale, firing, resolved] of [
      ['en', 'Alert RedisDown firing since 2026-11-22 09:59:00 (webhook): redis-master unreachable', 'Alert RedisDown resolved at 2026-11-22 10:03:00 (webhook)'],
      ['zh-CN', '告警 RedisDown 自 2026-11-22 09:59:00 起触发（webhook）：redis-master unreachable', '告警 RedisDown 已于 2026-11-22 10:03:00 恢复（webhook）'],
    ] as const) {
      const h = await harness({ yaml: yaml(locale), env: ENV });
      await h.app.alerts!.receive('webhook', body('firing'));
      await h.app.alerts!.receive('webhook', body('resolved'));
      const md = (await h.run('alice', '/incident export INC-20261122-001 md')).text;
      expect(md).toContain(firing);
      expect(md).toContain(resolved);
    }
  });
});
