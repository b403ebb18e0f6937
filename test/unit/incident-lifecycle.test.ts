import { describe, expect, it } from 'vitest';
import { harness } from '../support/harness.js';

const ID = 'INC-20261122-001';

describe('incident lifecycle through the dispatcher', () => {
  it('declares with severity, commander and the manual response time', async () => {
    const h = await harness();
    const seen = await h.run('alice', '/incident declare P1 支付回调失败，订单状态未更新');
    expect(seen.reply.ok).toBe(true);
    expect(seen.reply.incidentId).toBe(ID);
    expect(seen.text.split('\n')[0]).toBe(`${ID} · P1 serious · investigating · commander alice · respond within 15 min`);
    expect(seen.text).toContain('支付回调失败，订单状态未更新');
  });

  it('numbers incidents per day in the configured time zone', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 one');
    await h.run('alice', '/incident declare P3 two');
    h.clock.set('2026-11-22T16:30:00.000Z'); // 00:30 on the 23rd in Shanghai
    const third = await h.run('alice', '/incident declare P3 three');
    expect(third.reply.incidentId).toBe('INC-20261123-001');
    const list = await h.run('bob', '/incident list');
    expect(list.text).toContain('INC-20261122-002');
  });

  it('walks note → sev → role → status → resolve → reopen, each on the timeline with who and when', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P1 支付回调失败');
    h.clock.advance(60_000);
    expect((await h.run('alice', `/incident note ${ID} 回调日志里有 signature error`)).text).toBe(`Note added to ${ID}.`);
    const sev = await h.run('alice', `/incident sev ${ID} P0`);
    expect(sev.text).toContain('severity P1 → P0');
    expect(sev.text).toContain('P0 fatal');
    const role = await h.run('alice', `/incident role ${ID} commander bob`);
    expect(role.text).toContain('commander bob');
    h.clock.advance(120_000);
    const status = await h.run('bob', `/incident status ${ID} mitigated`);
    expect(status.text).toContain('investigating → mitigated');
    const resolved = await h.run('bob', `/incident resolve ${ID} 证书过期，已更新`);
    expect(resolved.text).toContain(`${ID} resolved after 3 min`);
    expect(resolved.text).toContain('证书过期，已更新');
    const reopened = await h.run('alice', `/incident reopen ${ID} 回调又失败了`);
    expect(reopened.text).toContain('back to investigating');

    const timeline = await h.run('carol', `/incident timeline ${ID}`);
    const lines = timeline.text.split('\n').slice(2).reverse();
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/2026-11-22 10:00:00\s+alice\s+declared P1 serious: 支付回调失败 \(commander alice\)/);
    expect(lines[1]).toMatch(/10:01:00\s+alice\s+note: 回调日志里有 signature error/);
    expect(lines[2]).toMatch(/alice\s+severity P1 → P0/);
    expect(lines[3]).toMatch(/alice\s+bob is commander/);
    expect(lines[4]).toMatch(/10:03:00\s+bob\s+status investigating → mitigated/);
    expect(lines[5]).toMatch(/bob\s+resolved: 证书过期，已更新/);
    expect(lines[6]).toMatch(/alice\s+reopened: 回调又失败了/);
  });

  it('state is derived from the stored events only', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 slow api');
    await h.run('alice', '/incident status identified');
    const events = await h.store.readEvents(ID);
    expect(events?.map((e) => e.type)).toEqual(['incident.declared', 'incident.status']);
    const again = await harness({ store: h.store, clock: h.clock });
    expect((await again.run('carol', `/incident show ${ID}`)).text).toContain('identified');
  });

  it('lets commands omit the id when exactly one incident is open', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 first');
    expect((await h.run('alice', '/incident note no id needed')).text).toBe(`Note added to ${ID}.`);
    await h.run('alice', '/incident declare P3 second');
    const ambiguous = await h.run('alice', '/incident note which one?');
    expect(ambiguous.reply.ok).toBe(false);
    expect(ambiguous.text).toContain('Several incidents are open (INC-20261122-001, INC-20261122-002)');
    await h.run('alice', '/incident resolve INC-20261122-002 dup');
    expect((await h.run('alice', '/incident show')).reply.incidentId).toBe(ID);
  });

  it('shows the response clock counting down, then overdue; escalation shortens it', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 orders slow');
    h.clock.advance(10 * 60_000);
    expect((await h.run('alice', '/incident show')).text).toContain('respond by 11:00:00 (50 min left)');
    await h.run('alice', '/incident sev P0');
    h.clock.advance(7 * 60_000);
    expect((await h.run('alice', '/incident show')).text).toContain('response overdue by 2 min');
  });

  it('lists open incidents first, then those resolved in the last 7 days', async () => {
    const h = await harness();
    await h.run('alice', '/incident declare P3 old one');
    await h.run('alice', '/incident resolve fixed');
    await h.run('alice', '/incident declare P1 current');
    let list = (await h.run('carol', '/incident list')).text.split('\n');
    expect(list[2]).toContain('INC-20261122-002');
    expect(list[3]).toContain('INC-20261122-001');
    h.clock.advance(8 * 86_400_000);
    list = (await h.run('carol', '/incident list')).text.split('\n');
    expect(list.join('\n')).not.toContain('old one');
    expect(list.join('\n')).toContain('current');
  });
});
