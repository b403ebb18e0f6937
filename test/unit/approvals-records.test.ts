import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Versioned } from '../../src/store/port.js';
import { harness, type Harness } from '../support/harness.js';
import { ONCALL_CONFIG } from '../support/oncall.js';
import { RecordingActions } from '../support/recording-actions.js';

const INC = 'INC-20261122-001';
const DAY = 86_400_000;
const YEAR = 366 * DAY;

/** A memory store that refuses to list the stored requests: no step of the workflow may need that. */
class NoRequestListing extends MemoryStore {
  override async listRecords<T>(kind: string): Promise<Versioned<T>[]> {
    if (kind === 'request') throw new Error('listed every stored request');
    return super.listRecords<T>(kind);
  }

  override async listRecordIds(kind: string, prefix?: string): Promise<string[]> {
    if (kind === 'request') throw new Error('listed every stored request id');
    return super.listRecordIds(kind, prefix);
  }
}

async function declared(opts: { yaml?: string; clock?: FakeClock } = {}): Promise<Harness & { actions: RecordingActions; ask: (what: string, h?: Harness) => Promise<string> }> {
  const clock = opts.clock ?? new FakeClock();
  const actions = new RecordingActions();
  const h = await harness({ ...opts, clock, actions, store: new NoRequestListing({ clock }) });
  const declaredSeen = await h.run('alice', '/incident declare P2 slow checkout');
  const id = /INC-\d{8}-\d{3}/.exec(declaredSeen.text)![0];
  const ask = async (what: string, on: Harness = h) =>
    (await on.app.services.approvals.request(on.app.services.directory.get('alice')!, await on.app.services.incidents.get(id), 'poke', { what })).id;
  return { ...h, actions, ask };
}

describe('the per-incident cap', () => {
  it('holds when requests race on two replicas sharing the store', async () => {
    const yaml = 'timezone: Asia/Shanghai\nusers: [{ id: alice, roles: [responder, approver] }]\napprovals: { maxPerIncident: 2 }\n';
    const h = await declared({ yaml });
    const other = await harness({ yaml, store: h.store, clock: h.clock, actions: h.actions });
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => h.ask(`w${i}`, i % 2 ? other : h)));
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value).sort()).toEqual(['REQ-20261122-001', 'REQ-20261122-002']);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason as { key: string; params: unknown });
    expect(refused).toHaveLength(4);
    for (const e of refused) expect(e).toMatchObject({ key: 'approval.cap', params: { id: INC, max: 2 } });
    expect((await h.store.readEvents(INC))!.filter((e) => e.type === 'action.requested')).toHaveLength(2);
  });

  it('counts requests that ended, even once their records expired', async () => {
    const h = await declared({ yaml: 'timezone: Asia/Shanghai\nusers: [{ id: alice, roles: [responder] }]\napprovals: { maxPerIncident: 1 }\n' });
    const req = await h.ask('a');
    h.clock.advance(11 * 60_000);
    await h.app.timers.tick();
    expect((await h.app.services.approvals.get(req)).value.state).toBe('expired');
    h.clock.advance(2 * YEAR);
    await expect(h.app.services.approvals.get(req)).rejects.toMatchObject({ key: 'approval.notFound' });
    await expect(h.ask('b')).rejects.toMatchObject({ key: 'approval.cap', params: { id: INC, max: 1 } });
  });
});

describe('request ids', () => {
  it('are numbered per day from a counter, never given out twice even when a request record is gone', async () => {
    const h = await declared();
    expect([await h.ask('a'), await h.ask('b')]).toEqual(['REQ-20261122-001', 'REQ-20261122-002']);
    expect(await h.store.deleteRecord('request', 'REQ-20261122-002')).toBe(true);
    expect(await h.ask('c')).toBe('REQ-20261122-003');
    h.clock.advance(DAY);
    expect(await h.ask('d')).toBe('REQ-20261123-001');
  });

  it('skip ids stored before the day had a counter, leaving those requests and their timers alone', async () => {
    const h = await declared();
    const old = { id: 'REQ-20261122-001', state: 'pending', incidentId: INC };
    await h.store.putRecord('request', old.id, old, 0);
    await h.store.scheduleTimer({ id: `expire.${old.id}`, dueAt: 1, kind: 'request.expire', payload: { id: old.id } });
    expect(await h.ask('a')).toBe('REQ-20261122-002');
    expect((await h.store.getRecord('request', old.id))!.value).toEqual(old);
    expect((await h.store.listTimers()).find((t) => t.id === `expire.${old.id}`)?.dueAt).toBe(1);
  });
});

describe('request records', () => {
  it('expire a year after the request ended; open ones never expire', async () => {
    const h = await declared();
    const denied = await h.ask('a');
    const open = await h.ask('b');
    h.clock.advance(60_000);
    await h.run('bob', `/deny ${denied}`);
    h.clock.advance(YEAR - 1);
    expect((await h.run('carol', `/requests ${denied}`)).text).toContain(`${denied} · poke · requested by alice · denied`);
    expect((await h.run('carol', `/requests ${open}`)).text).toContain('pending');
    h.clock.advance(1);
    expect((await h.run('carol', `/requests ${denied}`)).text).toBe(`✗ No request ${denied}; see /requests.`);
    h.clock.advance(YEAR);
    // Never ticked, so still pending: its record stays until it ends.
    expect((await h.run('carol', `/requests ${open}`)).text).toContain('pending');
  });

  it('an executed request expires a year after it ran', async () => {
    const h = await declared();
    const req = await h.ask('a');
    h.clock.advance(5 * 60_000);
    expect((await h.run('bob', `/approve ${req}`)).text).toContain('executed — poked a');
    h.clock.advance(YEAR - 1);
    expect((await h.app.services.approvals.get(req)).value.state).toBe('executed');
    h.clock.advance(1);
    await expect(h.app.services.approvals.get(req)).rejects.toMatchObject({ key: 'approval.notFound' });
  });
});

describe('reading requests', () => {
  it('/requests shows the open requests and those of the last 7 days, newest first', async () => {
    const h = await declared();
    const old = await h.ask('old');
    await h.run('bob', `/deny ${old}`);
    h.clock.advance(3 * DAY);
    const mid = await h.ask('mid');
    await h.run('bob', `/deny ${mid}`);
    h.clock.advance(5 * DAY);
    const now = await h.ask('now');
    const list = (await h.run('carol', '/requests')).text;
    expect(list).toContain('Remediation requests: open, and asked for in the last 7 days (newest first)');
    expect(list).toMatch(new RegExp(`${now}\\s+pending[\\s\\S]*${mid}\\s+denied`));
    expect(list).not.toContain(old);
    expect((await h.run('carol', `/requests ${old}`)).text).toContain(`${old} · poke · requested by alice · denied`);
    h.clock.advance(8 * DAY);
    // Still pending (its timer never ran): an open request is listed however old it is.
    const later = (await h.run('carol', '/requests')).text;
    expect(later).toMatch(new RegExp(`${now}\\s+pending`));
    expect(later).not.toContain(mid);
  });

  it('with none open or recent, /requests says so', async () => {
    const h = await declared();
    expect((await h.run('carol', '/requests')).text).toBe('No remediation requests open or asked for in the last 7 days; /requests REQ-id shows an older one.');
  });

  it('a start-up reconciles the requests left executing without listing every request', async () => {
    const h = await declared();
    h.actions.gate = new Promise(() => undefined);
    const req = await h.ask('a');
    void h.run('bob', `/approve ${req}`);
    for (let i = 0; i < 100 && (await h.app.services.approvals.get(req)).value.state !== 'executing'; i++) await new Promise((r) => setImmediate(r));
    await harness({ store: h.store, clock: h.clock, actions: new RecordingActions(), runnerAlive: () => false });
    expect((await h.app.services.approvals.get(req)).value.state).toBe('failed');
  });

  it('the hand-off note lists the pending requests', async () => {
    const h = await declared({ yaml: ONCALL_CONFIG, clock: new FakeClock('2026-12-01T02:00:00Z') });
    const pending = await h.ask('a');
    const denied = await h.ask('b');
    await h.run('alice', `/deny ${denied}`);
    const { text } = await h.run('carol', '/oncall handoff ops-weekly');
    expect(text).toContain(`Pending approvals: ${pending} poke · INC-20261201-001 · Alice`);
    expect(text).not.toContain(denied);
  });
});
