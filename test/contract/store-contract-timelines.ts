import { describe, expect, it } from 'vitest';
import { EVENT } from '../../src/core/incidents/model.js';
import { StoreNotFoundError, type NewEvent, type Store, type StoredEvent } from '../../src/store/port.js';

/** What the parts of the contract share: the store under test (it changes on restart) and a restart for durable stores. */
export interface ContractContext {
  readonly store: Store;
  /** Closes the store and opens it again over the same data (durable stores only). */
  restart?: () => Promise<void>;
}

export const T0 = Date.parse('2026-11-22T02:00:00.000Z');
const DAY = 86_400_000;

/** An incident event at `T0 + at` ms. */
function event(type: string, at: number, data: Record<string, unknown> = {}): NewEvent {
  return { type, at: T0 + at, actor: 'U1', data };
}

/** A declaration of a P1 incident titled `title`. */
function declare(title: string, at = 0): NewEvent {
  return event(EVENT.declared, at, { severity: 'P1', title, commander: 'alice', channel: 'C1', platform: 'console' });
}

/** Every event the iterable yields. */
async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** The streaming read, summaries, open index and rebuild parts of the contract (see store-contract.ts). */
export function timelineContract(ctx: ContractContext): void {
  describe('streaming reads', () => {
    it('streams every event in order, or from a seq, and may stop early', async () => {
      await ctx.store.createIncident('INC-1', declare('支付回调失败'));
      for (let n = 1; n <= 9; n++) await ctx.store.append('INC-1', event(EVENT.note, n, { text: `note ${n}` }));
      const all = (await ctx.store.readEvents('INC-1'))!;
      expect(await collect(ctx.store.streamEvents('INC-1'))).toEqual(all);
      expect(await collect(ctx.store.streamEvents('INC-1', { fromSeq: 8 }))).toEqual(all.slice(7));
      expect(await collect(ctx.store.streamEvents('INC-1', { fromSeq: 11 }))).toEqual([]);
      const seen: number[] = [];
      for await (const e of ctx.store.streamEvents('INC-1')) {
        seen.push(e.seq);
        if (e.seq === 3) break;
      }
      expect(seen).toEqual([1, 2, 3]);
      expect((await ctx.store.append('INC-1', event(EVENT.note, 10))).seq).toBe(11);
    });

    it('rejects a missing incident with StoreNotFoundError and an unsafe id as invalid', async () => {
      await expect(collect(ctx.store.streamEvents('INC-404'))).rejects.toBeInstanceOf(StoreNotFoundError);
      await expect(collect(ctx.store.streamEvents('../x'))).rejects.toThrow(/invalid incident id/);
    });
  });

  describe('summaries and the open index', () => {
    it('keeps a summary folded from every append: status, severity, title, declaredAt, lastSeq, lastAt, resolvedAt', async () => {
      expect(await ctx.store.readSummary('INC-1')).toBeUndefined();
      await ctx.store.createIncident('INC-1', declare('支付回调失败'));
      expect(await ctx.store.readSummary('INC-1')).toMatchObject({
        id: 'INC-1',
        lastSeq: 1,
        lastAt: T0,
        incident: { id: 'INC-1', status: 'investigating', severity: 'P1', title: '支付回调失败', declaredAt: T0, commander: 'alice' },
      });
      await ctx.store.append('INC-1', event(EVENT.severity, 60_000, { from: 'P1', to: 'P0' }));
      await ctx.store.append('INC-1', event('check.run', 61_000, { target: 'mysql' }));
      await ctx.store.append('INC-1', event(EVENT.resolved, 120_000, { from: 'investigating', summary: 'restarted' }));
      const summary = (await ctx.store.readSummary('INC-1'))!;
      expect(summary).toMatchObject({ lastSeq: 4, lastAt: T0 + 120_000, incident: { severity: 'P0', status: 'resolved', resolvedAt: T0 + 120_000 } });
      expect(summary.damaged).toBeUndefined();
    });

    it('summarises a timeline that does not start with a declaration without an incident', async () => {
      await ctx.store.createIncident('OPS-1', event(EVENT.note, 5, { text: 'x' }));
      expect(await ctx.store.readSummary('OPS-1')).toEqual({ id: 'OPS-1', lastSeq: 1, lastAt: T0 + 5 });
      expect(await ctx.store.listSummaries({ resolvedSince: 0 })).toEqual([]);
    });

    it('lists the open incidents, and the resolved ones from a given time, sorted by id', async () => {
      await ctx.store.createIncident('INC-3', declare('three'));
      await ctx.store.createIncident('INC-1', declare('one'));
      await ctx.store.createIncident('INC-2', declare('two'));
      await ctx.store.append('INC-2', event(EVENT.resolved, 3 * DAY, { summary: 'fixed' }));
      await ctx.store.append('INC-3', event(EVENT.resolved, 10 * DAY, { summary: 'fixed' }));
      const ids = async (since?: number) => (await ctx.store.listSummaries(since === undefined ? {} : { resolvedSince: since })).map((s) => s.id);
      expect(await ids()).toEqual(['INC-1']);
      expect(await ids(T0 + 3 * DAY)).toEqual(['INC-1', 'INC-2', 'INC-3']);
      expect(await ids(T0 + 3 * DAY + 1)).toEqual(['INC-1', 'INC-3']);
      expect(await ids(T0 + 11 * DAY)).toEqual(['INC-1']);
      await ctx.store.append('INC-2', event(EVENT.reopened, 12 * DAY, { reason: 'back' }));
      expect(await ids()).toEqual(['INC-1', 'INC-2']);
      expect(await ids(T0)).toEqual(['INC-1', 'INC-2', 'INC-3']);
      expect((await ctx.store.listSummaries())[1]).toMatchObject({ id: 'INC-2', lastSeq: 3, incident: { status: 'investigating' } });
    });

    it('rebuilds the same summaries and index from the timelines', async () => {
      await ctx.store.createIncident('INC-1', declare('one'));
      await ctx.store.createIncident('INC-2', declare('two'));
      await ctx.store.createIncident('OPS-1', event(EVENT.note, 1));
      await ctx.store.append('INC-2', event(EVENT.resolved, DAY, { summary: 'fixed' }));
      const before = { one: await ctx.store.readSummary('INC-1'), all: await ctx.store.listSummaries({ resolvedSince: 0 }) };
      expect(await ctx.store.rebuildIndex()).toEqual({ incidents: 3, open: 1, damaged: [] });
      expect({ one: await ctx.store.readSummary('INC-1'), all: await ctx.store.listSummaries({ resolvedSince: 0 }) }).toEqual(before);
    });

    it('keeps summaries and the index across a restart', async () => {
      if (!ctx.restart) return;
      await ctx.store.createIncident('INC-1', declare('one'));
      await ctx.store.createIncident('INC-2', declare('two'));
      await ctx.store.append('INC-2', event(EVENT.resolved, DAY, { summary: 'fixed' }));
      const before = await ctx.store.listSummaries({ resolvedSince: 0 });
      await ctx.restart();
      expect(await ctx.store.listSummaries({ resolvedSince: 0 })).toEqual(before);
      await ctx.store.append('INC-1', event(EVENT.status, DAY, { from: 'investigating', to: 'identified' }));
      expect(await ctx.store.readSummary('INC-1')).toMatchObject({ lastSeq: 2, incident: { status: 'identified' } });
    });
  });
}
