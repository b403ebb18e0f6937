import { describe, expect, it } from 'vitest';
import { transition } from '../../src/alerts/group-state.js';
import { allAlertsResolved, applyAlertEvent, type AlertSummary } from '../../src/core/alerts/model.js';

describe('alert counts across an upgrade during a storm', () => {
  it('a group record and summary written before alerts carried their incident: 60 firing alerts that all resolve leave none firing', () => {
    const fps = Array.from({ length: 60 }, (_, i) => `fp${i}`);
    // the earlier version's group record: every alert firing, without the incident it was noted on
    const known = Object.fromEntries(fps.map((fp) => [fp, { status: 'firing', startsAt: 1_000, flips: [1_000], flapping: false }]));
    let summary = { firing: [...fps], seen: [...fps], flapping: [] } as unknown as AlertSummary;
    const now = 1_000 + 3 * 3_600_000;
    const group = { key: 'k', truncated: 0, alerts: fps.map((fp) => ({ fingerprint: fp, status: 'resolved', startsAt: 1_000, endsAt: now, labels: { alertname: 'A' }, annotations: {} })) };
    const t = transition('alertmanager', known as never, group as never, 0, now, { flips: 4, windowMinutes: 30 }, 'INC-1');
    let seq = 10;
    for (const e of t.events) summary = applyAlertEvent(summary, { incidentId: 'INC-1', seq: seq++, at: now, type: e.type, actor: 'alertmanager', data: e.data }) ?? summary;
    expect(allAlertsResolved(summary)).toBe(true);
  });
});
