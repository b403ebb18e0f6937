import { isDeepStrictEqual } from 'node:util';
import type { NewEvent, Store, StoredEvent } from './port.js';

/** What `copyStore` did, and what reading both stores back found. */
export interface CopyReport {
  incidents: number;
  events: number;
  records: number;
  timers: number;
  /** Everything that differs between the two stores after the copy (empty: verified). */
  mismatches: string[];
}

/** The event as given to append (without its id and seq). */
function asNew(e: StoredEvent): NewEvent {
  return { type: e.type, at: e.at, actor: e.actor, data: e.data };
}

/** Copies one timeline; an existing target timeline must be a prefix of the source (a resumed copy). */
async function copyTimeline(from: Store, to: Store, id: string, mismatches: string[]): Promise<number> {
  const events = (await from.readEvents(id)) ?? [];
  const existing = (await to.readEvents(id)) ?? [];
  const common = existing.findIndex((e, i) => !isDeepStrictEqual(asNew(e), events[i] && asNew(events[i])));
  if (common >= 0 || existing.length > events.length) {
    mismatches.push(`incident ${id}: the target already holds a different timeline; nothing was copied for it`);
    return 0;
  }
  let copied = 0;
  for (const event of events.slice(existing.length)) {
    if (event.seq === 1) await to.createIncident(id, asNew(event));
    else await to.append(id, asNew(event));
    copied++;
  }
  return copied;
}

/** Reads both stores back and lists every difference in what was copied. */
async function verify(from: Store, to: Store, kinds: string[]): Promise<string[]> {
  const out: string[] = [];
  const target = new Set(await to.listIncidents());
  for (const id of await from.listIncidents()) {
    if (!target.has(id)) out.push(`incident ${id} is missing in the target`);
    else if (!isDeepStrictEqual(await from.readEvents(id), await to.readEvents(id))) out.push(`incident ${id}: timelines differ`);
  }
  for (const kind of kinds) {
    const there = new Map((await to.listRecords(kind)).map((r) => [r.id, r.value]));
    for (const r of await from.listRecords(kind)) if (!isDeepStrictEqual(there.get(r.id), r.value)) out.push(`record ${kind}/${r.id} differs`);
  }
  const timers = new Map((await to.listTimers()).map((t) => [t.id, t]));
  for (const t of await from.listTimers()) if (!isDeepStrictEqual(timers.get(t.id), t)) out.push(`timer ${t.id} differs`);
  return out;
}

/**
 * Copies every incident timeline (same ids, same seqs), every record of `kinds` (values; versions
 * start again at 1) and every timer (without leases) from `from` to `to`, then reads both back
 * and reports every difference. Safe to run again after an interruption: what is already there
 * and equal is kept, and nothing that differs is overwritten. Run it with the bots stopped.
 */
export async function copyStore(from: Store, to: Store, kinds: string[]): Promise<CopyReport> {
  const report: CopyReport = { incidents: 0, events: 0, records: 0, timers: 0, mismatches: [] };
  for (const id of await from.listIncidents()) {
    report.events += await copyTimeline(from, to, id, report.mismatches);
    report.incidents++;
  }
  for (const kind of kinds) {
    for (const r of await from.listRecords(kind)) {
      const there = await to.getRecord(kind, r.id);
      if (there && isDeepStrictEqual(there.value, r.value)) continue;
      if (there) report.mismatches.push(`record ${kind}/${r.id}: the target holds a different value; kept it`);
      else if ((await to.putRecord(kind, r.id, r.value, 0)) !== undefined) report.records++;
    }
  }
  for (const t of await from.listTimers()) {
    await to.scheduleTimer(t);
    report.timers++;
  }
  report.mismatches.push(...(await verify(from, to, kinds)));
  return report;
}
