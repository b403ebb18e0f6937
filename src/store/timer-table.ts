import { assertStoreName, isPlainObject, jsonCopy } from './guards.js';
import type { ClaimedTimer, Timer } from './port.js';

/** A timer as kept by a store: `owner` and `leaseUntil` are set together, only while it is claimed. */
export interface TimerEntry extends Timer {
  owner?: string;
  leaseUntil?: number;
}

/** Orders timers by due time, then by id, so every store hands them out in the same order. */
function byDue(a: Timer, b: Timer): number {
  return a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The plain Timer part of an entry, as a fresh copy. */
function timerOf(entry: TimerEntry): Timer {
  return jsonCopy({ id: entry.id, dueAt: entry.dueAt, kind: entry.kind, payload: entry.payload });
}

/** Why `value` is not a timer entry, or undefined when it is one. */
export function timerEntryProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'timer is not an object';
  if (typeof value.id !== 'string') return 'timer id is not a string';
  if (typeof value.dueAt !== 'number' || !Number.isFinite(value.dueAt)) return `timer ${value.id}: dueAt is not a number`;
  if (typeof value.kind !== 'string') return `timer ${value.id}: kind is not a string`;
  if (!isPlainObject(value.payload)) return `timer ${value.id}: payload is not an object`;
  const leased = value.owner !== undefined || value.leaseUntil !== undefined;
  if (leased && (typeof value.owner !== 'string' || typeof value.leaseUntil !== 'number')) return `timer ${value.id}: half a lease`;
  return undefined;
}

/**
 * The timer rules shared by every store that keeps its timers as one table: a timer is due when
 * `dueAt <= now`; a lease is live while `now < leaseUntil`; a due timer without a live lease is
 * handed to exactly one claimant per call; replacing a timer drops its lease; only the current
 * owner completes it. The table holds its own copies and returns copies.
 */
export class TimerTable {
  private readonly entries = new Map<string, TimerEntry>();

  /** A table holding copies of `entries` (already validated with timerEntryProblem). */
  constructor(entries: TimerEntry[] = []) {
    for (const entry of entries) this.entries.set(entry.id, jsonCopy(entry));
  }

  /** Every entry, sorted by due time, as fresh copies (the form a store persists). */
  toEntries(): TimerEntry[] {
    return [...this.entries.values()].sort(byDue).map((e) => jsonCopy(e));
  }

  /** Adds or replaces `timer` (throws for an unsafe id or a timer that would not read back). */
  schedule(timer: Timer): void {
    assertStoreName('timer id', timer.id);
    const entry = timerOf(timer);
    const problem = timerEntryProblem(entry);
    if (problem !== undefined) throw new TypeError(`timer cannot be stored: ${problem}`);
    this.entries.set(entry.id, entry);
  }

  /** Removes a timer; false when there was none. */
  cancel(id: string): boolean {
    assertStoreName('timer id', id);
    return this.entries.delete(id);
  }

  /** Leases up to `limit` due, unleased timers (earliest first) to `owner` until `now + leaseMs`. */
  claim(now: number, owner: string, leaseMs: number, limit = Number.POSITIVE_INFINITY): ClaimedTimer[] {
    if (!(leaseMs > 0) || !Number.isFinite(now)) throw new RangeError('claimDueTimers needs a finite now and a positive leaseMs');
    const free = [...this.entries.values()]
      .filter((e) => e.dueAt <= now && (e.leaseUntil === undefined || e.leaseUntil <= now))
      .sort(byDue)
      .slice(0, Math.max(0, limit));
    return free.map((entry) => {
      const claimed: ClaimedTimer = { ...timerOf(entry), owner, leaseUntil: now + leaseMs };
      this.entries.set(entry.id, jsonCopy(claimed));
      return claimed;
    });
  }

  /** Extends `owner`'s live lease on a timer to `now + leaseMs`; false when the lease ran out, is someone else's, or the timer is gone. */
  renew(id: string, owner: string, now: number, leaseMs: number): boolean {
    assertStoreName('timer id', id);
    if (!(leaseMs > 0) || !Number.isFinite(now)) throw new RangeError('renewTimer needs a finite now and a positive leaseMs');
    const entry = this.entries.get(id);
    if (entry?.owner !== owner || entry.leaseUntil === undefined || entry.leaseUntil <= now) return false;
    entry.leaseUntil = now + leaseMs;
    return true;
  }

  /** Deletes a timer held by `owner`; false when it is gone or someone else holds it now. */
  complete(id: string, owner: string): boolean {
    assertStoreName('timer id', id);
    if (this.entries.get(id)?.owner !== owner) return false;
    return this.entries.delete(id);
  }

  /** All timers sorted by due time, without lease details. */
  list(): Timer[] {
    return [...this.entries.values()].sort(byDue).map(timerOf);
  }
}
