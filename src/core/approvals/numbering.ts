import type { Store } from '../../store/port.js';
import { lastNumber, type Sequence } from '../sequence.js';
import { dayStamp } from '../time.js';
import { REQUEST_KEEP_MS } from './records.js';

/**
 * Store record kind of the request counters, one per day (id: the day, e.g. `20261122`;
 * value `{ last }`): the day's requests are `REQ-<day>-001` up to `last`, so numbering a request
 * and finding a day's requests never list the requests stored.
 */
export const REQUEST_SEQ_KIND = 'request.seq';

/** The id of request number `n` of `day`: `REQ-20261122-001`. */
export function requestId(day: string, n: number): string {
  return `REQ-${day}-${String(n).padStart(3, '0')}`;
}

/**
 * The counter of the day `at` falls on in `timeZone`. It is kept as long as a request of that
 * day, so a number is never given out twice while anything it named may still be stored.
 */
export function daySequence(at: number, timeZone: string): Sequence & { day: string } {
  const day = dayStamp(at, timeZone);
  return { kind: REQUEST_SEQ_KIND, id: day, day, expiresAt: at + REQUEST_KEEP_MS };
}

/** Ids of the requests numbered on each day between `from` and `to` (in `timeZone`), oldest day first. */
export async function requestIdsBetween(store: Store, from: number, to: number, timeZone: string): Promise<string[]> {
  const days = new Set<string>();
  // Steps of 6 h never skip a calendar day, even one shortened by a daylight-saving change.
  for (let at = from; at < to; at += 6 * 3_600_000) days.add(dayStamp(at, timeZone));
  days.add(dayStamp(to, timeZone));
  const ids: string[] = [];
  for (const day of days) {
    const last = await lastNumber(store, { kind: REQUEST_SEQ_KIND, id: day });
    for (let n = 1; n <= last; n++) ids.push(requestId(day, n));
  }
  return ids;
}
