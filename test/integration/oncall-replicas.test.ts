import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { FileStore } from '../../src/store/file-store.js';
import { harness, type Harness } from '../support/harness.js';
import { ONCALL_CONFIG } from '../support/oncall.js';
import { connectSlack, type RecordingAdapter } from '../support/paging.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function bot(dir: string, clock: FakeClock): Promise<{ h: Harness; slack: RecordingAdapter }> {
  const h = await harness({ yaml: ONCALL_CONFIG, store: await FileStore.open({ dir, clock }), clock });
  return { h, slack: connectSlack(h) };
}

/** The texts posted in the ops team channel. */
function notes(...adapters: RecordingAdapter[]): string[] {
  return adapters.flatMap((a) => a.delivered.filter((d) => d.to.kind === 'conversation' && d.to.id === 'C0OPS').map((d) => d.reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n')));
}

async function tickBoth(a: Harness, b: Harness): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.all([a.app.timers.tick(), b.app.timers.tick()]);
}

describe('hand-offs and overrides on one data folder', () => {
  it('two bots post each hand-off note once; overrides and the next hand-off survive a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zhiban-oncall-'));
    dirs.push(dir);
    const clock = new FakeClock('2026-12-07T01:00:00Z');
    const one = await bot(dir, clock);
    const two = await bot(dir, clock);
    const handoff = (iso: string) => `oncall.handoff.ops-weekly.${Date.parse(iso)}`;
    expect((await one.h.store.listTimers()).filter((t) => t.id.startsWith('oncall.handoff.ops-weekly.')).map((t) => t.id)).toEqual([handoff('2026-12-07T02:00:00Z')]);

    await one.h.run('alice', '/incident declare P1 支付回调失败');
    const set = await two.h.run('alice', '/oncall swap ops-weekly zhangsan 2026-12-08 00:00 2026-12-09 00:00 --reason 王五出差');
    expect(set.text).toContain('Override OVR-1');
    await tickBoth(one.h, two.h);

    clock.set('2026-12-07T02:00:00Z');
    await tickBoth(one.h, two.h);
    const posted = notes(one.slack, two.slack);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('Hand-off of ops-weekly at Mon 2026-12-07 10:00 +08:00 (Asia/Shanghai, +08:00): 张三 → 王五');
    expect(posted[0]).toContain('Open incidents: INC-20261207-001 P1 支付回调失败 (investigating)');
    expect(posted[0]).toContain('Pending approvals: none');
    expect(posted[0]).toContain('Pages in the last 24 h: INC-20261207-001 ×1 (张三)');
    expect((await one.h.store.listTimers()).map((t) => t.id)).toContain(handoff('2026-12-14T02:00:00Z'));
    await one.h.app.close();
    await two.h.app.close();

    clock.set('2026-12-07T17:00:00Z');
    const three = await bot(dir, clock);
    expect((await three.h.run('carol', '/oncall')).text).toContain('ops-weekly  张三  until Wed 2026-12-09 00:00 +08:00, then 王五 (override OVR-1 by alice)');
    await three.h.app.close();

    clock.set('2026-12-14T03:00:00Z');
    const four = await bot(dir, clock);
    await tickBoth(four.h, four.h);
    const late = notes(four.slack);
    expect(late).toHaveLength(1);
    expect(late[0]).toContain('Hand-off of ops-weekly at Mon 2026-12-14 10:00 +08:00 (Asia/Shanghai, +08:00): 王五 → 张三');
    expect((await four.h.store.listTimers()).filter((t) => t.id.startsWith('oncall.handoff.ops-weekly.')).map((t) => t.id)).toEqual([handoff('2026-12-21T02:00:00Z')]);
    await four.h.app.close();
  });
});
