import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { FileStore } from '../../src/store/file-store.js';
import { harness } from '../support/harness.js';
import { RecordingActions } from '../support/recording-actions.js';

const REQ = 'REQ-20261122-001';
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('two bot processes sharing one data folder', () => {
  it('two approvals arriving at both at once run the action exactly once; expiry fires once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zhiban-replicas-'));
    dirs.push(dir);
    const clock = new FakeClock();
    const actions = new RecordingActions();
    const one = await harness({ store: await FileStore.open({ dir, clock }), clock, actions });
    const two = await harness({ store: await FileStore.open({ dir, clock }), clock, actions });
    await one.run('alice', '/incident declare P1 shared');
    const alice = one.app.services.directory.get('alice')!;
    const incident = await one.app.services.incidents.get('INC-20261122-001');
    await one.app.services.approvals.request(alice, incident, 'poke', { what: 'backend' });
    const [a, b] = await Promise.all([one.run('bob', `/approve ${REQ}`), two.run('dan', `/approve ${REQ}`)]);
    expect(actions.calls).toHaveLength(1);
    expect([a.text, b.text].filter((t) => t.includes('executed — poked backend'))).toHaveLength(1);

    await one.app.services.approvals.request(alice, incident, 'poke', { what: 'again' });
    clock.advance(11 * 60_000);
    const fired = await Promise.all([one.app.timers.tick(), two.app.timers.tick()]);
    expect(fired.reduce((x, y) => x + y, 0)).toBe(1);
    const expired = (await two.store.readEvents('INC-20261122-001'))!.filter((e) => e.type === 'action.expired');
    expect(expired).toHaveLength(1);
    await one.app.close();
    await two.app.close();
  });

  it('requests racing on both never get past the per-incident cap, and never share an id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zhiban-replicas-'));
    dirs.push(dir);
    const clock = new FakeClock();
    const actions = new RecordingActions();
    const yaml = 'timezone: Asia/Shanghai\nusers: [{ id: alice, roles: [responder] }]\napprovals: { maxPerIncident: 3 }\n';
    const both = [await harness({ yaml, store: await FileStore.open({ dir, clock }), clock, actions }), await harness({ yaml, store: await FileStore.open({ dir, clock }), clock, actions })];
    await both[0]!.run('alice', '/incident declare P1 shared');
    const asked = await Promise.allSettled(
      Array.from({ length: 8 }, async (_, i) => {
        const app = both[i % 2]!.app;
        return (await app.services.approvals.request(app.services.directory.get('alice')!, await app.services.incidents.get('INC-20261122-001'), 'poke', { what: `w${i}` })).id;
      }),
    );
    expect(asked.filter((r) => r.status === 'fulfilled').map((r) => r.value).sort()).toEqual(['REQ-20261122-001', 'REQ-20261122-002', 'REQ-20261122-003']);
    expect(asked.filter((r) => r.status === 'rejected').map((r) => (r.reason as { key: string }).key)).toEqual(Array(5).fill('approval.cap'));
    await Promise.all(both.map((h) => h.app.close()));
  });
});
