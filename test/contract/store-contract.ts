import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreNotFoundError, type NewEvent, type Store, type Timer } from '../../src/store/port.js';
import { expiryContract } from './store-contract-expiry.js';
import { timelineContract } from './store-contract-timelines.js';

/** A store under test: `reopen` (durable stores only) opens the same data again, as after a restart. */
export interface StoreFixture {
  store: Store;
  reopen?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

const T0 = Date.parse('2026-11-22T02:00:00.000Z');

/** A new event at `T0 + n` ms with `data.n = n`. */
function ev(n: number, type = 'note'): NewEvent {
  return { type, at: T0 + n, actor: 'U1', data: { n, text: `第${n}条 note ${n}` } };
}

/** A timer due at `T0 + dueIn`. */
function timer(id: string, dueIn: number): Timer {
  return { id, dueAt: T0 + dueIn, kind: 'escalate', payload: { incidentId: 'INC-1', step: 1 } };
}

/**
 * The behaviour every Store must have (see src/store/port.ts). `make` returns a fresh, empty
 * store for each test; `reopen`, when given, must return a store over the same data, and the
 * restart tests (run when `opts.durable`) check that nothing is lost. Times are plain numbers: timers take `now`.
 */
export function storeContract(name: string, make: () => Promise<StoreFixture>, opts: { durable: boolean }): void {
  describe(`${name}: store contract`, () => {
    let fixture: StoreFixture;
    let store: Store;

    beforeEach(async () => {
      fixture = await make();
      store = fixture.store;
    });

    afterEach(async () => {
      await store.close();
      await fixture.cleanup();
    });

    /** Closes the store and opens it again over the same data. */
    async function restart(): Promise<void> {
      await store.close();
      store = await fixture.reopen!();
    }

    const context = {
      get store(): Store {
        return store;
      },
      ...(opts.durable ? { restart } : {}),
    };
    timelineContract(context);
    expiryContract(context);

    describe('incident timelines', () => {
      it('numbers events from 1 in append order and reads them back as returned', async () => {
        const first = await store.createIncident('INC-20261122-001', ev(1, 'incident.declared'));
        expect(first).toEqual({ incidentId: 'INC-20261122-001', seq: 1, ...ev(1, 'incident.declared') });
        const second = await store.append('INC-20261122-001', ev(2));
        const third = await store.append('INC-20261122-001', ev(3));
        expect([second.seq, third.seq]).toEqual([2, 3]);
        expect(await store.readEvents('INC-20261122-001')).toEqual([first, second, third]);
      });

      it('keeps call order and unique seqs for concurrent appends', async () => {
        await store.createIncident('INC-1', ev(0));
        const stored = await Promise.all(Array.from({ length: 25 }, (_, i) => store.append('INC-1', ev(i + 1))));
        expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 2));
        const events = (await store.readEvents('INC-1'))!;
        expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
        expect(events.map((e) => e.data.n)).toEqual(Array.from({ length: 26 }, (_, i) => i));
      });

      it('does not create an incident twice and writes nothing the second time', async () => {
        const first = await store.createIncident('INC-1', ev(1));
        expect(await store.createIncident('INC-1', ev(2, 'incident.declared'))).toBeUndefined();
        expect(await store.readEvents('INC-1')).toEqual([first]);
      });

      it('gives exactly one of several concurrent creators the incident', async () => {
        const results = await Promise.all([1, 2, 3, 4].map((n) => store.createIncident('INC-1', ev(n))));
        const winners = results.filter((r) => r !== undefined);
        expect(winners).toHaveLength(1);
        expect(await store.readEvents('INC-1')).toEqual(winners);
      });

      it('rejects an append to a missing incident with StoreNotFoundError and creates nothing', async () => {
        const failure = await store.append('INC-404', ev(1)).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(StoreNotFoundError);
        expect((failure as StoreNotFoundError).incidentId).toBe('INC-404');
        expect(await store.readEvents('INC-404')).toBeUndefined();
        expect(await store.listIncidents()).toEqual([]);
      });

      it('lists incidents sorted, optionally by prefix', async () => {
        for (const id of ['INC-2', 'OPS-1', 'INC-10', 'INC-1']) await store.createIncident(id, ev(1));
        expect(await store.listIncidents()).toEqual(['INC-1', 'INC-10', 'INC-2', 'OPS-1']);
        expect(await store.listIncidents('INC-1')).toEqual(['INC-1', 'INC-10']);
        expect(await store.listIncidents('NONE')).toEqual([]);
      });

      it('hands out copies: changing an input or a result does not change the timeline', async () => {
        const input = ev(1);
        const created = (await store.createIncident('INC-1', input))!;
        input.data.n = 99;
        created.data.n = 98;
        const read = (await store.readEvents('INC-1'))!;
        read[0]!.data.n = 97;
        expect((await store.readEvents('INC-1'))![0]!.data.n).toBe(1);
      });

      it('refuses an event that would not read back as written, and stores nothing', async () => {
        await expect(store.createIncident('INC-1', { ...ev(1), at: Number.NaN })).rejects.toThrow(TypeError);
        expect(await store.readEvents('INC-1')).toBeUndefined();
        await store.createIncident('INC-1', ev(1));
        await expect(store.append('INC-1', { ...ev(2), data: undefined as never })).rejects.toThrow(TypeError);
        expect(await store.readEvents('INC-1')).toHaveLength(1);
      });
    });

    describe('names', () => {
      const unsafe = ['', '.', '..', '../escape', 'a/b', 'a\\b', 'x..y', 'with space', '/abs', 'ü', 'a'.repeat(129)];

      it.each(unsafe)('rejects the unsafe name %j for incidents, records and timers', async (bad) => {
        await expect(store.createIncident(bad, ev(1))).rejects.toThrow(/invalid incident id/);
        await expect(store.append(bad, ev(1))).rejects.toThrow(/invalid incident id/);
        await expect(store.readEvents(bad)).rejects.toThrow(/invalid incident id/);
        await expect(store.putRecord(bad, 'a', {}, 0)).rejects.toThrow(/invalid record kind/);
        await expect(store.putRecord('approval', bad, {}, 0)).rejects.toThrow(/invalid record id/);
        await expect(store.getRecord('approval', bad)).rejects.toThrow(/invalid record id/);
        await expect(store.listRecords(bad)).rejects.toThrow(/invalid record kind/);
        await expect(store.scheduleTimer(timer(bad, 0))).rejects.toThrow(/invalid timer id/);
        expect(await store.listIncidents()).toEqual([]);
        expect(await store.listTimers()).toEqual([]);
      });

      it('accepts letters, digits, dot, dash and underscore', async () => {
        expect(await store.createIncident('INC-2026.11_22-001', ev(1))).toBeDefined();
        expect(await store.putRecord('approval.v2', 'A_1-x.y', { ok: true }, 0)).toBe(1);
      });
    });

    describe('records', () => {
      it('creates with expectedVersion 0 and adds one per successful put', async () => {
        expect(await store.getRecord('approval', 'A1')).toBeUndefined();
        expect(await store.putRecord('approval', 'A1', { state: 'pending' }, 0)).toBe(1);
        expect(await store.getRecord('approval', 'A1')).toEqual({ id: 'A1', value: { state: 'pending' }, version: 1 });
        expect(await store.putRecord('approval', 'A1', { state: 'approved' }, 1)).toBe(2);
        expect(await store.getRecord('approval', 'A1')).toEqual({ id: 'A1', value: { state: 'approved' }, version: 2 });
      });

      it('refuses a stale or invented version and keeps the current value', async () => {
        await store.putRecord('approval', 'A1', { state: 'pending' }, 0);
        await store.putRecord('approval', 'A1', { state: 'approved' }, 1);
        expect(await store.putRecord('approval', 'A1', { state: 'rejected' }, 1)).toBeUndefined();
        expect(await store.putRecord('approval', 'A1', { state: 'rejected' }, 0)).toBeUndefined();
        expect(await store.putRecord('approval', 'A1', { state: 'rejected' }, 7)).toBeUndefined();
        expect(await store.putRecord('approval', 'B1', { state: 'rejected' }, 3)).toBeUndefined();
        expect(await store.getRecord('approval', 'A1')).toEqual({ id: 'A1', value: { state: 'approved' }, version: 2 });
        expect(await store.getRecord('approval', 'B1')).toBeUndefined();
      });

      it('lets exactly one of several concurrent puts with the same expected version win', async () => {
        await store.putRecord('approval', 'A1', { state: 'pending' }, 0);
        const approvers = ['U2', 'U3', 'U4', 'U5', 'U6'];
        const results = await Promise.all(approvers.map((by) => store.putRecord('approval', 'A1', { state: 'approved', by }, 1)));
        expect(results.filter((r) => r === 2)).toHaveLength(1);
        expect(results.filter((r) => r === undefined)).toHaveLength(approvers.length - 1);
        const winner = approvers[results.indexOf(2)];
        expect(await store.getRecord('approval', 'A1')).toEqual({ id: 'A1', value: { state: 'approved', by: winner }, version: 2 });
      });

      it('lets exactly one of several concurrent creators win', async () => {
        const results = await Promise.all([1, 2, 3].map((n) => store.putRecord('card', 'INC-1', { n }, 0)));
        expect(results.filter((r) => r === 1)).toHaveLength(1);
        expect((await store.getRecord<{ n: number }>('card', 'INC-1'))!.value.n).toBe(results.indexOf(1) + 1);
      });

      it('lists the records of one kind sorted by id', async () => {
        await store.putRecord('approval', 'b', { n: 2 }, 0);
        await store.putRecord('approval', 'a', { n: 1 }, 0);
        await store.putRecord('approval', 'a', { n: 3 }, 1);
        await store.putRecord('card', 'c', { n: 4 }, 0);
        expect(await store.listRecords('approval')).toEqual([
          { id: 'a', value: { n: 3 }, version: 2 },
          { id: 'b', value: { n: 2 }, version: 1 },
        ]);
        expect(await store.listRecords('nothing')).toEqual([]);
      });

      it('hands out copies of record values', async () => {
        const value = { state: 'pending', params: { target: 'backend' } };
        await store.putRecord('approval', 'A1', value, 0);
        value.params.target = 'mysql';
        const got = (await store.getRecord<typeof value>('approval', 'A1'))!;
        got.value.params.target = 'redis';
        (await store.listRecords<typeof value>('approval'))[0]!.value.state = 'approved';
        expect((await store.getRecord('approval', 'A1'))!.value).toEqual({ state: 'pending', params: { target: 'backend' } });
      });
    });

    describe('timers', () => {
      it('schedules, replaces and cancels timers, listed by due time', async () => {
        await store.scheduleTimer(timer('t-late', 300));
        await store.scheduleTimer(timer('t-early', 100));
        await store.scheduleTimer(timer('t-mid', 500));
        await store.scheduleTimer({ ...timer('t-mid', 200), payload: { step: 2 } });
        expect(await store.listTimers()).toEqual([timer('t-early', 100), { ...timer('t-mid', 200), payload: { step: 2 } }, timer('t-late', 300)]);
        expect(await store.cancelTimer('t-early')).toBe(true);
        expect(await store.cancelTimer('t-early')).toBe(false);
        expect((await store.listTimers()).map((t) => t.id)).toEqual(['t-mid', 't-late']);
      });

      it('claims only due timers, earliest first, up to the limit', async () => {
        await store.scheduleTimer(timer('c', 300));
        await store.scheduleTimer(timer('a', 100));
        await store.scheduleTimer(timer('b', 200));
        expect(await store.claimDueTimers(T0 + 50, 'bot-1', 1000)).toEqual([]);
        expect(await store.claimDueTimers(T0 + 200, 'bot-1', 1000, 1)).toEqual([{ ...timer('a', 100), owner: 'bot-1', leaseUntil: T0 + 1200 }]);
        expect(await store.claimDueTimers(T0 + 200, 'bot-1', 1000)).toEqual([{ ...timer('b', 200), owner: 'bot-1', leaseUntil: T0 + 1200 }]);
        expect((await store.listTimers()).map((t) => t.id)).toEqual(['a', 'b', 'c']);
      });

      it('hands each due timer to exactly one of concurrent claimants', async () => {
        for (let i = 0; i < 10; i++) await store.scheduleTimer(timer(`t${i}`, i));
        const owners = ['bot-1', 'bot-2', 'bot-3'];
        const claims = await Promise.all(owners.map((o) => store.claimDueTimers(T0 + 100, o, 5000)));
        const ids = claims.flat().map((t) => t.id);
        expect(ids.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`));
        claims.forEach((claimed, i) => expect(claimed.every((t) => t.owner === owners[i])).toBe(true));
        expect(await store.claimDueTimers(T0 + 4000, 'bot-4', 5000)).toEqual([]);
      });

      it('hands a timer out again once its lease ran out, and only the current owner completes it', async () => {
        await store.scheduleTimer(timer('t', 0));
        await store.claimDueTimers(T0, 'bot-1', 50);
        expect(await store.claimDueTimers(T0 + 49, 'bot-2', 50)).toEqual([]);
        expect(await store.claimDueTimers(T0 + 50, 'bot-2', 50)).toEqual([{ ...timer('t', 0), owner: 'bot-2', leaseUntil: T0 + 100 }]);
        expect(await store.completeTimer('t', 'bot-1')).toBe(false);
        expect(await store.completeTimer('t', 'bot-2')).toBe(true);
        expect(await store.completeTimer('t', 'bot-2')).toBe(false);
        expect(await store.listTimers()).toEqual([]);
      });

      it('does not complete an unclaimed or unknown timer', async () => {
        await store.scheduleTimer(timer('t', 0));
        expect(await store.completeTimer('t', 'bot-1')).toBe(false);
        expect(await store.completeTimer('nope', 'bot-1')).toBe(false);
        expect(await store.listTimers()).toEqual([timer('t', 0)]);
      });

      it('drops the lease of a replaced timer', async () => {
        await store.scheduleTimer(timer('t', 0));
        await store.claimDueTimers(T0, 'bot-1', 10_000);
        await store.scheduleTimer(timer('t', 100));
        expect(await store.completeTimer('t', 'bot-1')).toBe(false);
        expect(await store.claimDueTimers(T0 + 100, 'bot-2', 10_000)).toEqual([{ ...timer('t', 100), owner: 'bot-2', leaseUntil: T0 + 10_100 }]);
      });
    });

    if (opts.durable) describe('restart', () => {
      it('keeps timelines, records, timers and leases, and carries on numbering', async () => {
        if (!fixture.reopen) throw new Error('a durable store fixture must provide reopen()');
        const events = [(await store.createIncident('INC-1', ev(1)))!, await store.append('INC-1', ev(2))];
        await store.createIncident('INC-2', ev(1));
        await store.putRecord('approval', 'A1', { state: 'pending' }, 0);
        await store.putRecord('approval', 'A1', { state: 'approved' }, 1);
        await store.scheduleTimer(timer('held', 0));
        await store.scheduleTimer(timer('later', 1000));
        await store.claimDueTimers(T0, 'bot-1', 500);

        await restart();

        expect(await store.readEvents('INC-1')).toEqual(events);
        expect(await store.listIncidents()).toEqual(['INC-1', 'INC-2']);
        expect((await store.append('INC-1', ev(3))).seq).toBe(3);
        expect(await store.getRecord('approval', 'A1')).toEqual({ id: 'A1', value: { state: 'approved' }, version: 2 });
        expect(await store.putRecord('approval', 'A1', { state: 'done' }, 1)).toBeUndefined();
        expect(await store.putRecord('approval', 'A1', { state: 'done' }, 2)).toBe(3);
        expect(await store.listTimers()).toEqual([timer('held', 0), timer('later', 1000)]);
        expect(await store.claimDueTimers(T0 + 499, 'bot-2', 500)).toEqual([]);
        expect(await store.completeTimer('held', 'bot-1')).toBe(true);

        await restart();

        expect((await store.readEvents('INC-1'))!.map((e) => e.seq)).toEqual([1, 2, 3]);
        expect(await store.listTimers()).toEqual([timer('later', 1000)]);
      });
    });
  });
}
