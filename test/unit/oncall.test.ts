import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { FakeClock } from '../../src/core/clock.js';
import { harness, type Harness } from '../support/harness.js';
import { ONCALL_CONFIG } from '../support/oncall.js';
import { connectSlack, drain } from '../support/paging.js';

async function at(iso: string): Promise<Harness> {
  return harness({ yaml: ONCALL_CONFIG, clock: new FakeClock(iso) });
}

/** The `/oncall` line of one rotation. */
async function line(h: Harness, rotation: string): Promise<string> {
  const { text } = await h.run('carol', '/oncall');
  return text.split('\n').find((l) => l.trim().startsWith(rotation)) ?? text;
}

describe('/oncall across hand-offs', () => {
  it('names the person on duty at each instant, with the zone and its offset', async () => {
    const h = await at('2026-12-01T02:00:00Z');
    const { text } = await h.run('carol', '/oncall');
    expect(text).toContain('On duty now (Asia/Shanghai, +08:00):');
    expect(await line(h, 'ops-weekly')).toContain('ops-weekly  张三  until Mon 2026-12-07 10:00 +08:00, then 王五');
    h.clock.set('2026-12-07T01:59:00Z');
    expect(await line(h, 'ops-weekly')).toContain('张三  until Mon 2026-12-07 10:00 +08:00');
    h.clock.set('2026-12-07T02:00:00Z');
    expect(await line(h, 'ops-weekly')).toContain('王五  until Mon 2026-12-14 10:00 +08:00, then 张三');
    h.clock.set('2026-12-14T02:00:00Z');
    expect(await line(h, 'ops-weekly')).toContain('张三  until Mon 2026-12-21 10:00 +08:00, then 王五');
  });

  it('keeps the 09:00 hand-off in New York across the start of daylight saving time', async () => {
    const h = await at('2026-03-07T15:00:00Z');
    const before = await h.run('carol', '/oncall');
    expect(before.text).toContain('On duty now (America/New_York, -05:00):');
    expect(await line(h, 'ny-daily')).toContain('张三  until Sun 2026-03-08 09:00 -04:00, then 李四');
    h.clock.set('2026-03-08T12:59:00Z');
    expect(await line(h, 'ny-daily')).toContain('张三');
    h.clock.set('2026-03-08T13:00:00Z');
    expect(await line(h, 'ny-daily')).toContain('李四  until Mon 2026-03-09 09:00 -04:00, then 张三');
    expect((await h.run('carol', '/oncall')).text).toContain('(America/New_York, -04:00)');
  });

  it('shows the next hand-offs with /oncall schedule', async () => {
    const h = await at('2026-12-01T02:00:00Z');
    const { text } = await h.run('carol', '/oncall schedule ops-weekly --weeks 3');
    expect(text).toContain('Schedule of ops-weekly (Asia/Shanghai, +08:00), the next 3 week(s):');
    expect(text).toContain('Mon 2026-11-30 10:00 +08:00 → Mon 2026-12-07 10:00 +08:00  张三');
    expect(text).toContain('Mon 2026-12-07 10:00 +08:00 → Mon 2026-12-14 10:00 +08:00  王五');
    expect(text).toContain('Mon 2026-12-14 10:00 +08:00 → Mon 2026-12-21 10:00 +08:00  张三');
    expect(text).not.toContain('2026-12-28');
  });
});

describe('overrides', () => {
  it('an override window puts its person on duty for exactly that window, and can be removed', async () => {
    const h = await at('2026-12-01T02:00:00Z');
    const set = await h.run('alice', '/oncall swap ops-weekly wangwu 2026-12-03 19:00 2026-12-04 09:00 --reason 家里有事');
    expect(set.reply.ok).toBe(true);
    expect(set.text).toContain('Override OVR-1: 王五 is on duty in ops-weekly from Thu 2026-12-03 19:00 +08:00 to Fri 2026-12-04 09:00 +08:00 (scheduled: 张三)');
    h.clock.set('2026-12-03T10:59:00Z');
    expect(await line(h, 'ops-weekly')).toContain('张三  until Thu 2026-12-03 19:00 +08:00, then 王五');
    h.clock.set('2026-12-03T11:00:00Z');
    expect(await line(h, 'ops-weekly')).toContain('王五  until Fri 2026-12-04 09:00 +08:00, then 张三 (override OVR-1 by alice)');
    const schedule = await h.run('carol', '/oncall schedule ops-weekly');
    expect(schedule.text).toContain('王五  ← OVR-1: 王五 Thu 2026-12-03 19:00 +08:00 → Fri 2026-12-04 09:00 +08:00, set by alice at Tue 2026-12-01 10:00 +08:00, reason: 家里有事');
    h.clock.set('2026-12-04T01:00:00Z');
    expect(await line(h, 'ops-weekly')).toContain('张三  until Mon 2026-12-07 10:00 +08:00');
    const removed = await h.run('alice', '/oncall override remove ovr-1');
    expect(removed.text).toContain('Override OVR-1 removed (王五 in ops-weekly');
    expect((await h.run('alice', '/oncall override remove OVR-1')).text).toContain('Override OVR-1 was already removed by alice at Fri 2026-12-04 09:00 +08:00');
    expect((await h.run('carol', '/oncall schedule ops-weekly')).text).not.toContain('OVR-1');
    const rec = await h.store.getRecord<Record<string, unknown>>('oncall.override', 'OVR-1');
    expect(rec?.value).toMatchObject({ by: 'alice', reason: '家里有事', at: Date.parse('2026-12-01T02:00:00Z'), removed: { by: 'alice', at: Date.parse('2026-12-04T01:00:00Z') } });
    // Its audit record is kept a year after the override ended, then it is no longer read on every page.
    h.clock.set('2027-12-04T00:00:00Z');
    expect(await h.store.getRecord('oncall.override', 'OVR-1')).toBeDefined();
    h.clock.set('2027-12-06T00:00:00Z');
    expect(await h.store.listRecordIds('oncall.override')).toEqual([]);
    // Ids are never given out twice, even after the record they named expired.
    expect((await h.run('alice', '/oncall override ops-weekly wangwu 2027-12-08 09:00 2027-12-08 18:00')).text).toContain('Override OVR-2:');
  });

  it('a later overlapping override wins and says what it replaced; a non-member needs --force', async () => {
    const h = await at('2026-12-01T02:00:00Z');
    await h.run('alice', '/oncall swap ops-weekly wangwu 2026-12-03 19:00 2026-12-04 09:00');
    const refused = await h.run('alice', '/oncall override ops-weekly lisi 2026-12-04T08:00+08:00 2026-12-04T12:00+08:00');
    expect(refused.reply.ok).toBe(false);
    expect(refused.text).toContain('lisi is not a member of ops-weekly (zhangsan, wangwu). Add --force');
    const forced = await h.run('alice', '/oncall override ops-weekly lisi 2026-12-04T00:00Z 2026-12-04T04:00Z --force');
    expect(forced.text).toContain('Override OVR-2: 李四 is on duty in ops-weekly from Fri 2026-12-04 08:00 +08:00 to Fri 2026-12-04 12:00 +08:00');
    expect(forced.text).toContain('lisi is not a member of ops-weekly: set with --force, recorded as forced.');
    expect(forced.text).toContain('It replaces, for the overlapping time (the later override wins): OVR-1: 王五 Thu 2026-12-03 19:00 +08:00 → Fri 2026-12-04 09:00 +08:00');
    h.clock.set('2026-12-03T23:30:00Z');
    expect(await line(h, 'ops-weekly')).toContain('王五  until Fri 2026-12-04 08:00 +08:00, then 李四');
    h.clock.set('2026-12-04T00:30:00Z');
    expect(await line(h, 'ops-weekly')).toContain('李四  until Fri 2026-12-04 12:00 +08:00, then 张三 (override OVR-2 by alice)');
    expect((await h.store.getRecord<Record<string, unknown>>('oncall.override', 'OVR-2'))?.value).toMatchObject({ forced: true, replaces: ['OVR-1'] });
  });

  it('refuses an override that is too long or ends too far ahead (a typo for the year), and stores nothing', async () => {
    const h = await at('2026-12-01T02:00:00Z');
    const typo = await h.run('alice', '/oncall override ops-weekly wangwu 2026-12-05 00:00 2062-12-05 00:00');
    expect(typo.reply.ok).toBe(false);
    expect(typo.text).toContain('An override lasts at most 90 days and ends within 366 days from now');
    expect((await h.run('alice', '/oncall override ops-weekly wangwu 2027-11-20 00:00 2027-12-20 00:00')).text).toContain('is too far');
    expect(await h.store.getRecord('oncall.override', 'OVR-1')).toBeUndefined();
    expect((await h.run('alice', '/oncall override ops-weekly wangwu 2026-12-05 00:00 2027-02-05 00:00')).reply.ok).toBe(true);
  });

  it('an override longer than two shifts is shown until its end', async () => {
    const h = await at('2026-12-01T02:00:00Z');
    await h.run('alice', '/oncall override ops-weekly wangwu 2026-12-01 12:00 2026-12-17 12:00');
    h.clock.set('2026-12-01T05:00:00Z');
    expect(await line(h, 'ops-weekly')).toContain('王五  until Thu 2026-12-17 12:00 +08:00, then 张三 (override OVR-1 by alice)');
  });

  it('refuses times it cannot read, with the accepted formats; and wall times DST skips', async () => {
    const h = await at('2026-03-07T15:00:00Z');
    const bad = await h.run('alice', '/oncall swap ops-weekly wangwu tomorrow 2026-12-04 09:00');
    expect(bad.reply.ok).toBe(false);
    expect(bad.text).toContain('"tomorrow" is not a time zhiban understands. Accepted: 2026-12-03 19:00 (in the rotation\'s zone, Asia/Shanghai, +08:00) or ISO-8601 with an offset');
    expect(bad.text).toContain('Usage: /oncall');
    const gap = await h.run('alice', '/oncall override ny-daily zhangsan 2026-03-08 02:30 2026-03-08 05:00');
    expect(gap.text).toContain('2026-03-08 02:30 does not exist in America/New_York, -05:00');
    const backwards = await h.run('alice', '/oncall override ny-daily zhangsan 2026-03-09 05:00 2026-03-08 05:00');
    expect(backwards.text).toContain('The end (Sun 2026-03-08 05:00 -04:00) must be after the start (Mon 2026-03-09 05:00 -04:00).');
    expect((await h.run('carol', '/oncall swap ny-daily zhangsan 2026-03-09 05:00 2026-03-09 06:00')).text).toContain('/oncall swap needs the role responder');
    expect((await h.run('carol', '/oncall schedule nope')).text).toContain('No rotation "nope". Rotations: ops-weekly, ny-daily.');
    expect((await h.run('carol', '/oncall rota')).text).toContain('/oncall has no sub-command "rota"');
    expect((await h.run('carol', '/oncall schedule ops-weekly --weeks 99')).text).toContain('--weeks takes a whole number of weeks from 1 to 12, not "99"');
  });

  it('answers in Chinese', async () => {
    const h = await harness({ yaml: ONCALL_CONFIG.replace('locale: en', 'locale: zh-CN'), clock: new FakeClock('2026-12-01T02:00:00Z') });
    const { text } = await h.run('carol', '/oncall');
    expect(text).toContain('当前值班（Asia/Shanghai, +08:00）：');
    expect(text).toContain('ops-weekly  张三  至 周一 2026-12-07 10:00 +08:00，之后是 王五');
  });
});

describe('paging follows the rotation', () => {
  it('a P1 at 3 a.m. pages whoever is on duty that week, and the snapshot says it came from the rotation', async () => {
    const h = await at('2026-12-08T19:00:00Z');
    const slack = connectSlack(h);
    const declared = await h.run('alice', '/incident declare P1 支付回调失败');
    expect(declared.text).toContain('Paging level 1 (P1 policy): 王五 运维负责人 (on duty in ops-weekly) — Slack DM');
    await drain(h);
    expect(slack.dms()).toEqual(['U01WW']);
    const started = (await h.store.readEvents('INC-20261209-001'))!.find((e) => e.type === 'paging.started')!;
    const people = (started.data.plan as { steps: Array<{ people: unknown[] }> }).steps[0]!.people;
    expect(people).toEqual([expect.objectContaining({ name: '王五', user: 'wangwu', title: '运维负责人', rotation: 'ops-weekly', slack: 'U01WW' })]);
  });

  it('an override at page time pages the override\'s person, with its id on the snapshot', async () => {
    const h = await at('2026-12-01T02:00:00Z');
    const slack = connectSlack(h);
    await h.run('alice', '/oncall override ops-weekly wangwu 2026-12-02 00:00 2026-12-03 00:00');
    h.clock.set('2026-12-01T19:00:00Z');
    await h.run('alice', '/incident declare P1 订单状态未更新');
    await drain(h);
    expect(slack.dms()).toEqual(['U01WW']);
    const paged = (await h.store.readEvents('INC-20261202-001'))!.find((e) => e.type === 'paging.paged')!;
    expect(paged.data.person).toMatchObject({ user: 'wangwu', rotation: 'ops-weekly', override: 'OVR-1' });
    expect((await h.run('wangwu', '/ack')).text).toContain('王五 acknowledged INC-20261202-001');
  });
});

describe('rotations in config', () => {
  const bad = (yaml: string) => {
    try {
      parseConfigText(yaml, 'zhiban.yml', {});
      return '';
    } catch (err) {
      return String((err as Error).message);
    }
  };

  it('a rotation with no members or an unknown member, or a contact naming an unknown rotation, is a config error with its path', () => {
    expect(bad(ONCALL_CONFIG.replace('members: [zhangsan, wangwu]', 'members: []'))).toMatch(/rotations\.ops-weekly\.members.*at least one member/);
    expect(bad(ONCALL_CONFIG.replace('members: [zhangsan, wangwu]', 'members: [zhangsan, zhaoliu]'))).toMatch(/rotations\.ops-weekly\.members\[1\].*no user "zhaoliu" under users:/);
    expect(bad(ONCALL_CONFIG.replace('rotation: ops-weekly', 'rotation: ops-daily'))).toMatch(/contacts\[0\]\.rotation.*no rotation "ops-daily"/);
    expect(bad(ONCALL_CONFIG.replace('timezone: America/New_York', 'timezone: Mars/Olympus'))).toMatch(/rotations\.ny-daily\.timezone.*IANA time zone/);
    expect(bad(ONCALL_CONFIG.replace('start: 2026-03-06', 'start: 2026-02-30'))).toMatch(/rotations\.ny-daily\.start.*a date that exists/);
  });

  it('without rotations, /oncall says how to add them', async () => {
    const h = await harness();
    const { reply, text } = await h.run('carol', '/oncall');
    expect(reply.ok).toBe(false);
    expect(text).toContain('No on-call rotations are configured: add them under `rotations:` in zhiban.yml');
  });
});

describe('restricted hours', () => {
  const SPLIT = ONCALL_CONFIG.replace('contacts:', `  ops-day:
    members: [zhangsan]
    length: daily
    restrict: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "18:00" }]
  ops-night:
    members: [wangwu]
    length: daily
    restrict: [{ days: [mon, tue, wed, thu, fri], from: "18:00", to: "09:00" }, { days: [sat, sun], from: "00:00", to: "24:00" }]
contacts:`).replace('rotation: ops-weekly, level: 1', 'rotation: ops-day, level: 1 }\n  - { name: 夜间值班, rotation: ops-night, level: 1');

  it('office hours and nights/weekends as two rotations: each instant pages the one whose hours cover it', async () => {
    const h = await harness({ yaml: SPLIT, clock: new FakeClock('2026-12-02T03:00:00Z') });
    const slack = connectSlack(h);
    expect(await line(h, 'ops-night')).toContain('ops-night  nobody now (outside its hours');
    await h.run('alice', '/incident declare P1 白天的故障');
    await drain(h);
    h.clock.set('2026-12-02T19:00:00Z');
    expect(await line(h, 'ops-day')).toContain('ops-day  nobody now');
    await h.run('alice', '/incident declare P1 夜里的故障');
    await drain(h);
    h.clock.set('2026-12-05T06:00:00Z');
    await h.run('alice', '/incident declare P1 周六的故障');
    await drain(h);
    expect(slack.dms()).toEqual(['U01ZS', 'U01WW', 'U01WW']);
  });
});

describe('hand-off notes', () => {
  it('a process without the channel\'s platform (console, exec) leaves the note to one that has it', async () => {
    const h = await at('2026-12-07T01:59:00Z');
    h.clock.set('2026-12-07T02:00:00Z');
    await drain(h);
    expect(await h.store.getRecord('oncall.handoff', `ops-weekly.${Date.parse('2026-12-07T02:00:00Z')}`)).toBeUndefined();
    const slack = connectSlack(h);
    h.clock.advance(60_000);
    await drain(h);
    h.clock.advance(60_000);
    await drain(h);
    const posted = slack.delivered.filter((d) => d.to.kind === 'conversation' && d.to.id === 'C0OPS');
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0]!.reply.blocks)).toContain('Hand-off of ops-weekly at Mon 2026-12-07 10:00 +08:00 (Asia/Shanghai, +08:00): 张三 → 王五');
  });

  it('/oncall handoff shows the note for the coming hand-off', async () => {
    const h = await at('2026-12-01T02:00:00Z');
    const { text } = await h.run('carol', '/oncall handoff ops-weekly');
    expect(text).toContain('Hand-off of ops-weekly at Mon 2026-12-07 10:00 +08:00 (Asia/Shanghai, +08:00): 张三 → 王五');
    expect(text).toContain('Open incidents: none');
  });
});
