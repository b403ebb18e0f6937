import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load.js';
import { FakeClock } from '../../src/core/clock.js';
import type { Reply } from '../../src/core/reply.js';
import { renderText } from '../../src/render/text.js';
import type { ChatAdapter } from '../../src/runtime/chat-adapter.js';
import type { PatrolService } from '../../src/patrols/service.js';
import { FileStore } from '../../src/store/file-store.js';
import { harness, TEST_CONFIG, type Harness } from '../support/harness.js';
import { closedPort } from '../support/net-fixtures.js';

const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MYSQL = 'mysql://root@127.0.0.1:3306/test';
// 08:30 in Shanghai (UTC+08:00): the daily 09:00 patrol is 30 minutes away.
const START = '2026-11-22T00:30:00.000Z';
let refused: number;
const dirs: string[] = [];

beforeAll(async () => {
  refused = await closedPort();
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function config(patrols: string, mysql = MYSQL): string {
  return `${TEST_CONFIG}
probes: { timeoutMs: 3000, mysql: { dsn: "${mysql}" }, redis: { url: "${REDIS}" } }
patrols:
${patrols}`;
}

const DAILY = `  daily:
    schedule: "0 9 * * *"
    checks: [redis, mysql]
`;

/** Lines zhiban logged about patrols: which ran, and the summaries posted to the log. */
function patrolLogs(h: Harness): Array<Record<string, unknown>> {
  return h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'patrol ran' || l.msg === 'posted');
}

async function tickAll(...hs: Harness[]): Promise<number> {
  let total = 0;
  for (;;) {
    const fired = (await Promise.all(hs.map((h) => h.app.timers.tick()))).reduce((a, b) => a + b, 0);
    if (fired === 0) return total;
    total += fired;
  }
}

async function fileStore(clock: FakeClock): Promise<{ dir: string; open: () => Promise<FileStore> }> {
  const dir = await mkdtemp(join(tmpdir(), 'zhiban-patrol-'));
  dirs.push(dir);
  return { dir, open: () => FileStore.open({ dir, clock }) };
}

describe('scheduled patrols against real MariaDB and Redis', () => {
  it('runs at each cron slot in the configured zone, posts a compact summary, and /patrol list shows next run and last result', async () => {
    const clock = new FakeClock(START);
    const h = await harness({ yaml: config(DAILY), clock });
    const before = await h.run('carol', '/patrol list');
    expect(before.text).toContain('Patrols (times in Asia/Shanghai)');
    expect(before.text).toMatch(/daily\s.*0 9 \* \* \*.*redis, mysql.*2026-11-22 09:00:00 UTC\+08:00.*never ran/);
    // The shared MariaDB may report a recent deadlock (warn); both checks ran against the real servers either way.
    expect(await tickAll(h)).toBe(0);
    clock.set('2026-11-22T01:00:00.000Z');
    expect(await tickAll(h)).toBe(1);
    const posted = patrolLogs(h).filter((l) => l.msg === 'posted');
    expect(posted).toHaveLength(1);
    expect(String(posted[0]!.text)).toMatch(/Patrol daily — (2 ok|1 warn · 1 ok)/);
    expect(String(posted[0]!.text)).toMatch(/redis 127\.0\.0\.1:6379[\s\S]*mysql 127\.0\.0\.1:3306/);
    const after = await h.run('carol', '/patrol list');
    expect(after.text).toMatch(/2026-11-23 09:00:00 UTC\+08:00.*(ok|warn) at 2026-11-22 09:00:00 UTC\+08:00 \(posted\)/);
    clock.advance(12 * 3_600_000);
    expect(await tickAll(h)).toBe(0);
    clock.advance(12 * 3_600_000);
    expect(await tickAll(h)).toBe(1);
    expect(patrolLogs(h).filter((l) => l.msg === 'patrol ran')).toHaveLength(2);
    await h.app.close();
  });

  it('two bots on one data folder run each slot once', async () => {
    const clock = new FakeClock(START);
    const { open } = await fileStore(clock);
    const one = await harness({ yaml: config(DAILY), clock, store: await open() });
    const two = await harness({ yaml: config(DAILY), clock, store: await open() });
    clock.set('2026-11-22T01:00:00.000Z');
    expect(await tickAll(one, two)).toBe(1);
    clock.advance(86_400_000);
    expect(await tickAll(two, one)).toBe(1);
    const ran = [...patrolLogs(one), ...patrolLogs(two)].filter((l) => l.msg === 'patrol ran');
    expect(ran).toHaveLength(2);
    await one.app.close();
    await two.app.close();
  });

  it('a slot whose run outlived its timer lease is not run and posted again when the timer is claimed anew', async () => {
    const clock = new FakeClock(START);
    const h = await harness({ yaml: config(DAILY), clock });
    clock.set('2026-11-22T01:00:00.000Z');
    const patrols = h.app.services.patrols as PatrolService;
    const [due] = await h.store.claimDueTimers(clock.now(), 'slow-replica', 60_000);
    await patrols.fire(due!);
    // The first holder's lease ran out before it completed the timer: another replica claims and fires it too.
    const again = { ...due!, owner: 'other-replica' };
    await patrols.fire(again);
    expect(patrolLogs(h).filter((l) => l.msg === 'patrol ran')).toHaveLength(1);
    expect(patrolLogs(h).filter((l) => l.msg === 'posted')).toHaveLength(1);
    await h.app.close();
  });

  it('a patrol missed while no bot ran runs once at the next start, not once per missed slot', async () => {
    const clock = new FakeClock(START);
    const { open } = await fileStore(clock);
    const first = await harness({ yaml: config(DAILY), clock, store: await open() });
    await first.app.close();
    clock.set('2026-11-25T03:00:00.000Z'); // three slots (22nd, 23rd, 24th 09:00) missed; 11:00 on the 25th
    const second = await harness({ yaml: config(DAILY), clock, store: await open() });
    expect(await tickAll(second)).toBe(1);
    expect(patrolLogs(second).filter((l) => l.msg === 'patrol ran')).toHaveLength(1);
    expect((await second.run('carol', '/patrol list')).text).toContain('2026-11-26 09:00:00 UTC+08:00');
    await second.app.close();
  });

  it('a crit check opens one incident with its evidence; while it stays open, later runs add to it instead of opening another', async () => {
    const clock = new FakeClock(START);
    const h = await harness({
      clock,
      yaml: config(`  db:
    schedule: "*/10 * * * *"
    checks: [mysql, redis]
    openIncident: { onCrit: true, severity: P2 }
`, `mysql://root@127.0.0.1:${refused}/test`),
    });
    clock.advance(30 * 60_000);
    expect(await tickAll(h)).toBe(1);
    const posted = String(patrolLogs(h).find((l) => l.msg === 'posted')!.text);
    expect(posted).toMatch(/Patrol db — 1 crit · 1 ok/);
    expect(posted).toContain('Opened INC-20261122-001 for the failing check mysql.');
    const manual = await h.run('alice', '/patrol run db');
    expect(manual.text).toContain('connection refused');
    expect(manual.text).toContain('mysql is still failing: added to the open INC-20261122-001 (no second incident).');
    clock.advance(10 * 60_000);
    expect(await tickAll(h)).toBe(1);
    const list = await h.run('carol', '/incident list');
    expect(list.text.match(/INC-\d{8}-\d{3}/g)).toEqual(['INC-20261122-001']);
    expect(list.text).toContain('Patrol db: mysql is crit');
    expect(list.text).toContain('P2');
    const timeline = await h.run('carol', '/incident timeline INC-20261122-001');
    expect(timeline.text.match(/\/patrol run db: crit/g)).toHaveLength(3);
    await h.run('alice', '/incident resolve INC-20261122-001 the database is back');
    clock.advance(10 * 60_000);
    await tickAll(h);
    expect((await h.run('carol', '/incident list')).text).toContain('INC-20261122-002');
    await h.app.close();
  });

  it('quietWhenOk records an all-ok run without posting it; a Slack channel gets the summary through its adapter', async () => {
    const clock = new FakeClock(START);
    const h = await harness({
      clock,
      yaml: config(`  quiet:
    schedule: "0 9 * * *"
    checks: [redis]
    quietWhenOk: true
  loud:
    schedule: "0 9 * * *"
    checks: [{ target: redis }]
    post: { platform: slack, channel: C0PATROL }
`),
    });
    const sent: Array<{ to: string; reply: Reply }> = [];
    const slack = { platform: 'slack', deliver: async (to: { kind: string; id?: string }, reply: Reply) => (sent.push({ to: String(to.id), reply }), { ts: '1' }) };
    h.app.adapters.set('slack', slack as unknown as ChatAdapter);
    clock.set('2026-11-22T01:00:00.000Z');
    expect(await tickAll(h)).toBe(2);
    expect(patrolLogs(h).filter((l) => l.msg === 'posted')).toEqual([]);
    expect(sent.map((s) => s.to)).toEqual(['C0PATROL']);
    expect(renderText(sent[0]!.reply)).toContain('Patrol loud — 1 ok');
    const list = await h.run('carol', '/patrol');
    expect(list.text).toMatch(/quiet.*ok at 2026-11-22 09:00:00 UTC\+08:00 \(all ok, not posted\)/);
    await h.app.close();
  });

  it('/patrol refuses an unknown patrol or action with the usage, and run needs a responder', async () => {
    const h = await harness({ yaml: config(DAILY) });
    const unknown = await h.run('alice', '/patrol run nightly');
    expect(unknown.reply.ok).toBe(false);
    expect(unknown.text).toContain('No patrol "nightly". Configured: daily.');
    expect(unknown.text).toContain('/patrol [list | run <name>]');
    expect((await h.run('alice', '/patrol start')).text).toContain('Unknown /patrol action "start"');
    expect((await h.run('carol', '/patrol run daily')).text).toContain('/patrol run needs the role responder');
    await h.app.close();
  });

  it('config problems are all reported with their paths: bad cron, unknown check, a Slack post without a channel', () => {
    let problems: string[] = [];
    try {
      parseConfigText(config(`  a:
    schedule: "61 * * * *"
    checks: [dns]
    post: { platform: slack }
`), 'test', {});
    } catch (err) {
      problems = (err as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^patrols\.a\.schedule: not a cron schedule/),
      expect.stringMatching(/^patrols\.a\.checks\[0\]: unknown check target "dns"/),
      'patrols.a.post.channel: slack and dingtalk need a channel (conversation id)',
    ]));
  });
});
