import { createWithNextNumber } from '../core/sequence.js';
import type { Store } from '../store/port.js';

/** Store record kind of on-call overrides (team data, not config: they survive restarts and are shared by replicas). */
export const OVERRIDE_KIND = 'oncall.override';
/** Store record kind of the last override id given out. */
const OVERRIDE_SEQ_KIND = 'oncall.override-seq';

/**
 * One override: `user` is on duty in `rotation` from `from` until `to`, whoever the schedule
 * names. It is audited on its record (who set it, when, why, whether forced for a non-member,
 * which earlier overrides it replaced) and not deleted: removing it records who and when. The
 * record expires KEEP_AFTER_END_MS after the override ends, so the overrides read on every page
 * and `/oncall` stay about a year's worth, not every one ever set.
 */
export interface Override {
  id: string;
  rotation: string;
  user: string;
  from: number;
  to: number;
  /** `swap`: takes over the scheduled person's time; `override`: covers the window. Same effect. */
  kind: 'swap' | 'override';
  by: string;
  at: number;
  reason?: string;
  /** True when `user` is not a member of the rotation (`--force`). */
  forced: boolean;
  /** Ids of the live overrides this one overlapped (the later one wins). */
  replaces: string[];
  removed?: { by: string; at: number };
}

/** How long an override's record is kept after it ends (its audit trail). */
export const KEEP_AFTER_END_MS = 366 * 86_400_000;

/** Whether an override is live and covers `at`. */
export function covering(o: Override, at: number): boolean {
  return !o.removed && o.from <= at && at < o.to;
}

/**
 * The override that decides `at` in `rotation`: among the live ones covering it, the one set
 * last (a later override wins over an earlier one that overlaps it).
 */
export function winning(overrides: readonly Override[], rotation: string, at: number): Override | undefined {
  let best: Override | undefined;
  for (const o of overrides) if (o.rotation === rotation && covering(o, at) && (!best || o.at > best.at || (o.at === best.at && o.id > best.id))) best = o;
  return best;
}

/** Overrides kept as store records; ids are `OVR-1`, `OVR-2` … claimed by compare-and-set. */
export class OverrideStore {
  constructor(private readonly store: Store) {}

  /** Every override, live and removed, in id order. */
  async list(): Promise<Override[]> {
    return (await this.store.listRecords<Override>(OVERRIDE_KIND)).map((r) => r.value).sort((a, b) => seq(a.id) - seq(b.id));
  }

  /** One override by id (case-insensitive), or undefined. */
  async get(id: string): Promise<{ value: Override; version: number } | undefined> {
    return this.store.getRecord<Override>(OVERRIDE_KIND, id.toUpperCase());
  }

  /**
   * Stores a new override under the next id from a counter (compare-and-set): two writers never get
   * the same id, and the id of an override whose record expired is never given out again.
   */
  async add(o: Omit<Override, 'id'>): Promise<Override> {
    // Overrides set before the counter existed are counted once, when it is created.
    const floor = async () => Math.max(0, ...(await this.store.listRecordIds(OVERRIDE_KIND)).map(seq));
    return createWithNextNumber(this.store, { kind: OVERRIDE_SEQ_KIND, id: 'last', floor }, async (n) => {
      const value: Override = { id: `OVR-${n}`, ...o };
      return (await this.store.putRecord(OVERRIDE_KIND, value.id, value, 0, { expiresAt: value.to + KEEP_AFTER_END_MS })) === undefined ? undefined : value;
    });
  }

  /** Marks an override removed (by whom, when); false when another writer changed it first. */
  async remove(rec: { value: Override; version: number }, by: string, at: number): Promise<boolean> {
    return (await this.store.putRecord(OVERRIDE_KIND, rec.value.id, { ...rec.value, removed: { by, at } }, rec.version, { expiresAt: rec.value.to + KEEP_AFTER_END_MS })) !== undefined;
  }
}

const seq = (id: string): number => Number(id.replace(/^OVR-/, '')) || 0;
