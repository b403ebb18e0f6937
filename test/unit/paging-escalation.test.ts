import { describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/harness.js';
import { advanceMinutes, connectSlack, drain, PAGING_CONFIG, type RecordingAdapter } from '../support/paging.js';

const INC = 'INC-20261122-001';
const ZS = 'U01ZS';
const LS = 'U01LS';
const WW = 'U01WW';

async function declare(severity: string): Promise<{ h: Harness; slack: RecordingAdapter; text: string }> {
  const h = await harness({ yaml: PAGING_CONFIG });
  const slack = connectSlack(h);
  const seen = await h.run('alice', `/incident declare ${severity} 全站无法访问`);
  await drain(h);
  return { h, slack, text: seen.text };
}

async function types(h: Harness): Promise<string[]> {
  return (await h.store.readEvents(INC))!.map((e) => e.type);
}

describe('paging by severity', () => {
  it('P0 pages levels 1-3 at once and again every 5 minutes until someone acknowledges', async () => {
    const { h, slack, text } = await declare('P0');
    expect(text).toContain('Paging level 1–2–3 (P0 policy): 张三 运维负责人 — Slack DM · 李四 后端负责人 — Slack DM · 王五 产品负责人 — Slack DM');
    expect(text).toContain('repeated every 5 min until acknowledged');
    expect(slack.dms()).toEqual([ZS, LS, WW]);
    await advanceMinutes(h, 4);
    expect(slack.dms()).toHaveLength(3);
    await advanceMinutes(h, 1);
    expect(slack.dms()).toEqual([ZS, LS, WW, ZS, LS, WW]);
    await advanceMinutes(h, 5);
    expect(slack.dms()).toHaveLength(9);
    await advanceMinutes(h, 2);
    const ack = await h.run('zhangsan', '/ack');
    expect(ack.text).toContain('张三 acknowledged INC-20261122-001 at 10:12:00 (12 min after the page)');
    await advanceMinutes(h, 30);
    expect(slack.dms()).toHaveLength(9);
    const acked = (await h.store.readEvents(INC))!.find((e) => e.type === 'paging.acked')!;
    expect(acked.data).toMatchObject({ user: 'zhangsan', afterMs: 12 * 60_000, pagedAt: Date.parse('2026-11-22T02:00:00Z') });
    // Each page's exactly-once claim is kept a month, then expires: a year of pages does not stay in the store.
    expect(await h.store.listRecordIds('page')).toHaveLength(9);
    h.clock.advance(31 * 86_400_000);
    expect(await h.store.listRecordIds('page')).toEqual([]);
  });

  it('the DM says what is wrong and carries an Acknowledge button that runs /ack', async () => {
    const { slack } = await declare('P0');
    const dm = slack.delivered[0]!.reply;
    expect(dm.blocks[0]).toEqual({ type: 'heading', text: `[P0] ${INC} 全站无法访问` });
    expect(dm.blocks.at(-1)).toEqual({ type: 'buttons', buttons: [{ id: 'ack', label: 'Acknowledge', style: 'primary', command: `/ack ${INC}` }] });
  });

  it('P1 pages level 1, escalates to level 2 at 15 min and level 3 at 30 min, and marks the breach', async () => {
    const { h, slack } = await declare('P1');
    expect(slack.dms()).toEqual([ZS]);
    await advanceMinutes(h, 14);
    expect(slack.dms()).toEqual([ZS]);
    expect(await types(h)).not.toContain('paging.breached');
    await advanceMinutes(h, 1);
    expect(slack.dms()).toEqual([ZS, LS]);
    expect(await types(h)).toContain('paging.breached');
    expect((await h.run('carol', '/incident show')).text).toMatch(/Paging\s+paged, level 2 · response time breached/);
    await advanceMinutes(h, 15);
    expect(slack.dms()).toEqual([ZS, LS, WW]);
    await advanceMinutes(h, 60);
    expect(slack.dms()).toHaveLength(3);
    const timeline = (await h.run('carol', '/incident timeline')).text;
    expect(timeline).toMatch(/zhiban\s+escalated to level 2/);
    expect(timeline).toMatch(/zhiban\s+escalated to level 3/);
    expect(timeline).toMatch(/zhiban\s+response time breached \(P1\)/);
  });

  it('an ack at minute 10 stops the escalation and nothing is breached', async () => {
    const { h, slack } = await declare('P1');
    await advanceMinutes(h, 10);
    await h.run('zhangsan', '/ack');
    await advanceMinutes(h, 60);
    expect(slack.dms()).toEqual([ZS]);
    expect(await types(h)).not.toContain('paging.breached');
    expect((await h.run('carol', '/paging')).text).toContain('Paging of INC-20261122-001 · acknowledged by zhangsan at 2026-11-22 10:10:00');
    const again = await h.run('zhangsan', '/ack');
    expect(again.text).toContain('You already acknowledged INC-20261122-001 at 10:10:00; nothing changed.');
    expect((await types(h)).filter((t) => t === 'paging.acked')).toHaveLength(1);
  });

  it('raising the severity re-plans from the new policy; lowering it stops the escalation', async () => {
    const { h, slack } = await declare('P1');
    await advanceMinutes(h, 3);
    const sev = await h.run('alice', '/incident sev P0');
    expect(sev.text).toContain('Paging level 1–2–3 (P0 policy)');
    await drain(h);
    expect(slack.dms()).toEqual([ZS, ZS, LS, WW]);
    await advanceMinutes(h, 5);
    expect(slack.dms()).toHaveLength(7);
    await h.run('alice', '/incident sev P2');
    await advanceMinutes(h, 60);
    expect(slack.dms()).toHaveLength(7);
    expect((await h.store.readEvents(INC))!.filter((e) => e.type === 'paging.stopped').map((e) => e.data.why)).toEqual(['replanned', 'lowered']);
  });

  it('resolving cancels every pending escalation; reopening does not page again', async () => {
    const { h, slack } = await declare('P1');
    await advanceMinutes(h, 5);
    await h.run('alice', '/incident resolve 证书过期，已更新');
    expect((await h.store.listTimers()).filter((t) => t.id.startsWith(`paging.${INC}`))).toEqual([]);
    await h.run('alice', '/incident reopen');
    await advanceMinutes(h, 60);
    expect(slack.dms()).toEqual([ZS]);
    expect(await types(h)).not.toContain('paging.breached');
  });

  it('P3 pages nobody and posts in the incident channel', async () => {
    const { h, slack, text } = await declare('P3');
    expect(text).toContain('P3 policy: no page, a post in the incident channel');
    expect(slack.dms()).toEqual([]);
    expect(await types(h)).toContain('paging.posted');
  });

  it('when every channel of a page fails, the next level is paged at once', async () => {
    const h = await harness({ yaml: PAGING_CONFIG });
    const slack = connectSlack(h);
    slack.down = true;
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    for (let i = 0; i < 4; i++) await advanceMinutes(h, 1);
    const failed = (await h.store.readEvents(INC))!.filter((e) => e.type === 'paging.failed');
    expect(failed.map((e) => e.data.person)).toEqual(['zhangsan']);
    expect(failed[0]!.data.attempts).toBe(4);
    const escalated = (await h.store.readEvents(INC))!.find((e) => e.type === 'paging.escalated')!;
    expect(escalated.data).toMatchObject({ step: 1, why: 'failed' });
    expect(escalated.at).toBeLessThan(Date.parse('2026-11-22T02:15:00Z'));
  });
});
