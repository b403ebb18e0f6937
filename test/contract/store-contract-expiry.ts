import { describe, expect, it } from 'vitest';
import type { Timer } from '../../src/store/port.js';
import { T0, type ContractContext } from './store-contract-timelines.js';

const YEAR = 365 * 86_400_000;
/** Long past and far ahead on any clock a test runs with (a fake one at T0 or the wall clock). */
const PAST = T0 - YEAR;
const FUTURE = T0 + 20 * YEAR;

/** A timer due at `T0 + dueIn`. */
function timer(id: string, dueIn: number): Timer {
  return { id, dueAt: T0 + dueIn, kind: 'escalate', payload: { incidentId: 'INC-1' } };
}

/** The expiring and deletable records, record ids, and lease renewal parts of the contract (see store-contract.ts). */
export function expiryContract(ctx: ContractContext): void {
  describe('records that expire or are deleted', () => {
    it('reads an expired record as absent, lists it nowhere, and lets it be created again', async () => {
      expect(await ctx.store.putRecord('slack-event', 'Ev1', { at: T0 }, 0, { expiresAt: PAST })).toBe(1);
      expect(await ctx.store.putRecord('slack-event', 'Ev2', { at: T0 }, 0, { expiresAt: FUTURE })).toBe(1);
      expect(await ctx.store.getRecord('slack-event', 'Ev1')).toBeUndefined();
      expect(await ctx.store.getRecord('slack-event', 'Ev2')).toEqual({ id: 'Ev2', value: { at: T0 }, version: 1 });
      expect((await ctx.store.listRecords('slack-event')).map((r) => r.id)).toEqual(['Ev2']);
      expect(await ctx.store.listRecordIds('slack-event')).toEqual(['Ev2']);
      expect(await ctx.store.putRecord('slack-event', 'Ev2', { again: true }, 0, { expiresAt: FUTURE })).toBeUndefined();
      expect(await ctx.store.putRecord('slack-event', 'Ev1', { again: true }, 0, { expiresAt: FUTURE })).toBe(1);
      expect(await ctx.store.getRecord('slack-event', 'Ev1')).toEqual({ id: 'Ev1', value: { again: true }, version: 1 });
    });

    it('keeps a record without expiresAt, and drops an expiry that a later put leaves out', async () => {
      await ctx.store.putRecord('approval', 'A1', { n: 1 }, 0, { expiresAt: FUTURE });
      expect(await ctx.store.putRecord('approval', 'A1', { n: 2 }, 1)).toBe(2);
      expect(await ctx.store.getRecord('approval', 'A1')).toEqual({ id: 'A1', value: { n: 2 }, version: 2 });
      await expect(ctx.store.putRecord('approval', 'A2', {}, 0, { expiresAt: Number.NaN })).rejects.toThrow(RangeError);
      expect(await ctx.store.getRecord('approval', 'A2')).toBeUndefined();
    });

    it('deletes a record, at an expected version when one is given', async () => {
      await ctx.store.putRecord('card', 'INC-1', { ts: '1' }, 0);
      await ctx.store.putRecord('card', 'INC-1', { ts: '2' }, 1);
      expect(await ctx.store.deleteRecord('card', 'INC-1', 1)).toBe(false);
      expect(await ctx.store.getRecord('card', 'INC-1')).toEqual({ id: 'INC-1', value: { ts: '2' }, version: 2 });
      expect(await ctx.store.deleteRecord('card', 'INC-1', 2)).toBe(true);
      expect(await ctx.store.getRecord('card', 'INC-1')).toBeUndefined();
      expect(await ctx.store.deleteRecord('card', 'INC-1')).toBe(false);
      expect(await ctx.store.putRecord('card', 'INC-1', { ts: '3' }, 0)).toBe(1);
      expect(await ctx.store.deleteRecord('card', 'INC-1')).toBe(true);
      expect(await ctx.store.listRecords('card')).toEqual([]);
      await expect(ctx.store.deleteRecord('card', '../x')).rejects.toThrow(/invalid record id/);
    });

    it('lists record ids by prefix, sorted, without the expired', async () => {
      for (const id of ['REQ-20261122-002', 'REQ-20261121-001', 'REQ-20261122-001', 'OTHER']) await ctx.store.putRecord('request', id, { id }, 0);
      await ctx.store.putRecord('request', 'REQ-20261122-003', {}, 0, { expiresAt: PAST });
      expect(await ctx.store.listRecordIds('request', 'REQ-20261122-')).toEqual(['REQ-20261122-001', 'REQ-20261122-002']);
      expect(await ctx.store.listRecordIds('request')).toEqual(['OTHER', 'REQ-20261121-001', 'REQ-20261122-001', 'REQ-20261122-002']);
      expect(await ctx.store.listRecordIds('nothing', 'x')).toEqual([]);
    });

    it('keeps expiry across a restart', async () => {
      if (!ctx.restart) return;
      await ctx.store.putRecord('slack-event', 'Ev1', {}, 0, { expiresAt: FUTURE });
      await ctx.store.putRecord('slack-event', 'Ev2', {}, 0, { expiresAt: PAST });
      await ctx.restart();
      expect(await ctx.store.listRecordIds('slack-event')).toEqual(['Ev1']);
      expect(await ctx.store.putRecord('slack-event', 'Ev1', {}, 0)).toBeUndefined();
    });
  });

  describe('lease renewal', () => {
    it('extends a live lease so nobody else claims the timer meanwhile', async () => {
      await ctx.store.scheduleTimer(timer('t', 0));
      await ctx.store.claimDueTimers(T0, 'bot-1', 100);
      expect(await ctx.store.renewTimer('t', 'bot-1', T0 + 90, 100)).toBe(true);
      expect(await ctx.store.claimDueTimers(T0 + 150, 'bot-2', 100)).toEqual([]);
      expect(await ctx.store.claimDueTimers(T0 + 190, 'bot-2', 100)).toEqual([{ ...timer('t', 0), owner: 'bot-2', leaseUntil: T0 + 290 }]);
      expect(await ctx.store.completeTimer('t', 'bot-2')).toBe(true);
    });

    it('refuses to renew a lapsed, foreign, replaced or missing lease', async () => {
      await ctx.store.scheduleTimer(timer('t', 0));
      await ctx.store.scheduleTimer(timer('u', 0));
      await ctx.store.claimDueTimers(T0, 'bot-1', 100);
      expect(await ctx.store.renewTimer('t', 'bot-1', T0 + 100, 100)).toBe(false);
      expect(await ctx.store.renewTimer('t', 'bot-2', T0 + 50, 100)).toBe(false);
      await ctx.store.scheduleTimer(timer('u', 5));
      expect(await ctx.store.renewTimer('u', 'bot-1', T0 + 50, 100)).toBe(false);
      expect(await ctx.store.renewTimer('none', 'bot-1', T0 + 50, 100)).toBe(false);
      expect(await ctx.store.claimDueTimers(T0 + 100, 'bot-2', 100)).toHaveLength(2);
      await expect(ctx.store.renewTimer('t', 'bot-2', T0 + 100, 0)).rejects.toThrow(RangeError);
    });
  });
}
