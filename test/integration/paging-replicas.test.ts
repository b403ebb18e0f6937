import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { FileStore } from '../../src/store/file-store.js';
import { startGateway, type FakeGateway } from '../support/gateway.js';
import { harness } from '../support/harness.js';
import { connectSlack, PAGING_CONFIG } from '../support/paging.js';

const INC = 'INC-20261122-001';
const dirs: string[] = [];
const gateways: FakeGateway[] = [];
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zhiban-paging-'));
  dirs.push(dir);
  return dir;
}

/** Two bots on one data folder (as two processes would be), each with Slack connected; a P0 declared on the first. */
async function twoBots() {
  const dir = await dataDir();
  const clock = new FakeClock();
  const one = await harness({ yaml: PAGING_CONFIG, store: await FileStore.open({ dir, clock }), clock });
  const two = await harness({ yaml: PAGING_CONFIG, store: await FileStore.open({ dir, clock }), clock });
  const slackOne = connectSlack(one);
  const slackTwo = connectSlack(two);
  await one.run('alice', '/incident declare P0 全站无法访问');
  return { clock, one, two, slackOne, slackTwo };
}

describe('paging across processes sharing one data folder', () => {
  it('two bots with the same due escalation timers send each page exactly once', async () => {
    const { clock, one, two, slackOne, slackTwo } = await twoBots();
    for (let minute = 0; minute <= 10; minute++) {
      for (let i = 0; i < 10; i++) {
        const fired = await Promise.all([one.app.timers.tick(), two.app.timers.tick()]);
        if (fired[0] + fired[1] === 0) break;
      }
      clock.advance(60_000);
    }
    const all = [...slackOne.dms(), ...slackTwo.dms()].sort();
    expect(all).toEqual(['U01LS', 'U01LS', 'U01LS', 'U01WW', 'U01WW', 'U01WW', 'U01ZS', 'U01ZS', 'U01ZS']);
    const paged = (await one.store.readEvents(INC))!.filter((e) => e.type === 'paging.paged');
    expect(paged).toHaveLength(9);
    await one.app.close();
    await two.app.close();
  });

  it('two bots flushing the same outbox at the same moment send each message once', async () => {
    const { one, two, slackOne, slackTwo } = await twoBots();
    await one.app.services.paging.fire('paging.step', { incident: INC, chain: 'c1', step: 0 });
    await Promise.all([one.app.services.paging.fire('paging.flush', { channel: 'chat' }), two.app.services.paging.fire('paging.flush', { channel: 'chat' })]);
    expect([...slackOne.dms(), ...slackTwo.dms()].sort()).toEqual(['U01LS', 'U01WW', 'U01ZS']);
    await one.app.close();
    await two.app.close();
  });

  it('a restart in the middle resumes the escalation on time and pages nobody twice', async () => {
    const dir = await dataDir();
    const clock = new FakeClock();
    const first = await harness({ yaml: PAGING_CONFIG, store: await FileStore.open({ dir, clock }), clock });
    const before = connectSlack(first);
    await first.run('alice', '/incident declare P1 支付回调失败');
    while ((await first.app.timers.tick()) > 0);
    expect(before.dms()).toEqual(['U01ZS']);
    await first.app.close();

    clock.advance(16 * 60_000);
    const second = await harness({ yaml: PAGING_CONFIG, store: await FileStore.open({ dir, clock }), clock });
    const after = connectSlack(second);
    while ((await second.app.timers.tick()) > 0);
    expect(after.dms()).toEqual(['U01LS']);
    const events = (await second.store.readEvents(INC))!;
    expect(events.filter((e) => e.type === 'paging.breached')).toHaveLength(1);
    clock.advance(14 * 60_000);
    while ((await second.app.timers.tick()) > 0);
    expect(after.dms()).toEqual(['U01LS', 'U01WW']);
    await second.app.close();
  });

  it('zhiban exec sends the pages a P0 made due before it exits', async () => {
    const dir = await dataDir();
    const gateway = await startGateway({ status: 200, body: {} });
    gateways.push(gateway);
    const config = join(dir, 'zhiban.yml');
    await writeFile(config, `
locale: en
users: [{ id: alice, roles: [responder] }]
platforms: { console: { user: alice } }
contacts: [{ name: 张三, phone: "13800138000", level: 1 }]
paging: { webhook: { url: "${gateway.url}/page", secret: "\${GW_SECRET}" } }
`);
    const code = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, [resolve('bin/zhiban.js'), 'exec', '--config', config, '--data', dir, '/incident declare P0 全站无法访问'], {
        env: { ...process.env, GW_SECRET: 's3cret', ZHIBAN_CONFIG: '' },
        stdio: 'ignore',
      });
      child.on('exit', done);
    });
    expect(code).toBe(0);
    expect(gateway.received.map((r) => (r.json.contact as { phone: string }).phone)).toEqual(['13800138000']);
  });
});
