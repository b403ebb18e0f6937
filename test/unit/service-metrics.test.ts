import { describe, expect, it } from 'vitest';
import { EXPIRE_TIMER } from '../../src/core/approvals/service.js';
import { harness } from '../support/harness.js';

/** The value of one sample line `name{labels} value` in Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('count probe verdicts, how late timers fire, approvals by state and pages by channel and outcome', async () => {
    const h = await harness();
    await h.run('alice', '/check http');
    await h.app.store.scheduleTimer({ id: 'expire.REQ-none', dueAt: h.clock.now(), kind: EXPIRE_TIMER, payload: { id: 'REQ-none' } });
    h.clock.advance(7_000);
    await h.app.timers.tick();
    const base = { incidentId: 'INC-1', at: h.clock.now(), actor: 'zhiban' };
    h.app.metrics.event({ ...base, seq: 2, type: 'action.requested', data: {} });
    h.app.metrics.event({ ...base, seq: 3, type: 'action.approved', data: {} });
    h.app.metrics.event({ ...base, seq: 4, type: 'paging.delivered', data: { channel: 'webhook' } });
    h.app.metrics.event({ ...base, seq: 5, type: 'paging.failed', data: { channel: 'dingtalk' } });

    const { body, contentType } = await h.app.metrics.render();
    expect(contentType).toContain('text/plain');
    expect(sample(body, 'zhiban_probe_results_total{probe="http",target="http",verdict="warn"}')).toBe(1);
    expect(sample(body, 'zhiban_probe_duration_seconds_count{probe="http",target="http"}')).toBe(1);
    expect(sample(body, `zhiban_timer_lag_seconds_count{kind="${EXPIRE_TIMER}"}`)).toBe(1);
    expect(sample(body, `zhiban_timer_lag_seconds_sum{kind="${EXPIRE_TIMER}"}`)).toBe(7);
    expect(sample(body, 'zhiban_approvals_total{state="requested"}')).toBe(1);
    expect(sample(body, 'zhiban_approvals_total{state="approved"}')).toBe(1);
    expect(sample(body, 'zhiban_pages_total{channel="webhook",outcome="sent"}')).toBe(1);
    expect(sample(body, 'zhiban_pages_total{channel="dingtalk",outcome="failed"}')).toBe(1);
    expect(sample(body, 'zhiban_commands_total{command="check",outcome="ok"}')).toBe(1);
  });

  it('keeps each app on its own registry', async () => {
    const one = await harness();
    const two = await harness();
    await one.run('alice', '/incident declare P3 x');
    expect(sample((await two.app.metrics.render()).body, 'zhiban_commands_total{command="incident declare",outcome="ok"}')).toBeUndefined();
  });
});
