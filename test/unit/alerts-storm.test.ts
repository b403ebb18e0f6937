import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { harness, type Harness } from '../support/harness.js';

const INC = 'INC-20261122-001';
const T0 = Date.parse('2026-11-22T02:00:00.000Z');

async function bot(locale = 'en'): Promise<{ h: Harness; store: MemoryStore }> {
  const clock = new FakeClock(T0);
  const store = new MemoryStore({ clock });
  const yaml = `
locale: ${locale}
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder] }
alerts:
  token: "\${ZHIBAN_ALERT_TOKEN}"
  channel: C-ALERTS
  routes:
    - { match: { alertname: Backend5xx }, severity: P2, page: false }
`;
  return { h: await harness({ yaml, store, clock, env: { ZHIBAN_ALERT_TOKEN: 'alert-token-0123456789abcdef' } }), store };
}

/** One Alertmanager notification of the Backend5xx group carrying alerts `fps` in `status`. */
function notification(fps: number[], status: 'firing' | 'resolved', at: number): string {
  return JSON.stringify({
    version: '4', groupKey: '{}:{alertname="Backend5xx"}', truncatedAlerts: 0, status, receiver: 'zhiban',
    groupLabels: { alertname: 'Backend5xx' }, commonLabels: { alertname: 'Backend5xx' }, commonAnnotations: {}, externalURL: 'http://am:9093',
    alerts: fps.map((i) => ({
      status, labels: { alertname: 'Backend5xx', route: `/api/r${i}` }, annotations: { summary: '5xx' },
      startsAt: new Date(T0 - 60_000).toISOString(), endsAt: status === 'resolved' ? new Date(at).toISOString() : '0001-01-01T00:00:00Z', fingerprint: `fp-${i}`,
    })),
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function send(h: Harness, fps: number[], status: 'firing' | 'resolved'): Promise<void> {
  for (let i = 0; i < fps.length; i += 250) {
    const out = await h.app.alerts!.receive('alertmanager', notification(fps.slice(i, i + 250), status, h.clock.now()));
    expect(out.kind).toBe('accepted');
  }
}

const card = async (h: Harness) => (await h.run('alice', `/incident show ${INC}`)).text;
const summarySize = async (store: MemoryStore) => JSON.stringify(await store.readSummary(INC)).length;

describe('an alert storm on one incident', () => {
  it('2,000 alerts keep the summary the size it has at 100, and the card counts every one of them as it fires and resolves', async () => {
    const { h, store } = await bot();
    await send(h, range(0, 100), 'firing');
    expect(await card(h)).toContain('100 of 100 firing');
    const at100 = await summarySize(store);
    await send(h, range(100, 2_000), 'firing');
    expect(await card(h)).toContain('2000 of 2000 firing');
    expect(await summarySize(store)).toBeLessThan(at100 + 200);

    h.clock.advance(60_000);
    await send(h, range(10, 2_000), 'resolved');
    expect(await card(h)).toContain('10 of 2000 firing');
    // Alerts past the summary's lists fire again, and repeats of resolved ones add nothing.
    await send(h, [1_500, 1_501], 'firing');
    await send(h, range(1_900, 2_000), 'resolved');
    expect(await card(h)).toContain('12 of 2000 firing');
    await send(h, [...range(0, 10), 1_500, 1_501], 'resolved');
    expect(await card(h)).toContain('all 2000 resolved at the monitoring side');
    expect(await summarySize(store)).toBeLessThan(at100 + 200);

    // The summary folded from the timeline again is the same.
    const before = await store.readSummary(INC);
    await store.rebuildIndex();
    expect(await store.readSummary(INC)).toEqual(before);
    await h.app.close();
  });

  it('a few alerts read as before: an alert resolved long enough to be forgotten fires again as the same alert (zh-CN)', async () => {
    const { h } = await bot('zh-CN');
    await send(h, [1, 2, 3], 'firing');
    expect(await card(h)).toContain('3 条告警中 3 条仍在触发');
    h.clock.advance(60_000);
    await send(h, [2], 'resolved');
    expect(await card(h)).toContain('3 条告警中 2 条仍在触发');
    h.clock.advance(2 * 3_600_000);
    await send(h, [2], 'firing');
    expect(await card(h)).toContain('3 条告警中 3 条仍在触发');
    await send(h, [1, 2, 3], 'resolved');
    expect(await card(h)).toContain('3 条告警已在监控端全部恢复');
    await h.app.close();
  });
});
