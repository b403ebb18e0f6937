import { UserError } from '../errors.js';
import type { Store, StoredEvent } from '../../store/port.js';
import type { Incident } from './model.js';

/** Rows on one page of `/incident timeline`: what a chat message can show. */
export const PAGE_SIZE = 50;
/** The furthest page back (older events are in the export, or reached with `--since`). */
export const MAX_PAGE = 200;

/** Which page of a timeline to show: `page` from 1 (the newest events), optionally only events at or after `since`. */
export interface PageRequest {
  page: number;
  since?: number;
}

/** One page of a timeline, newest first, with where it sits in the whole. */
export interface TimelinePage {
  incident: Incident;
  /** Newest first; at most PAGE_SIZE. */
  events: StoredEvent[];
  page: number;
  /** How many pages the (filtered) timeline has, at least 1. */
  pages: number;
  /** How many events the (filtered) timeline has. */
  total: number;
  since?: number;
}

/**
 * Reads one page of an incident's timeline, newest first, from the store's stream: without
 * `since` only the events of that page are parsed (their seqs follow from the summary); with it
 * the stream is filtered and only the newest `page × PAGE_SIZE` matches are held. Memory stays
 * bounded by the page, whatever the timeline's length.
 */
export async function readPage(store: Store, incident: Incident, request: PageRequest): Promise<TimelinePage> {
  const keep = request.page * PAGE_SIZE;
  const fromSeq = request.since === undefined ? Math.max(1, incident.eventCount - keep + 1) : 1;
  const ring: StoredEvent[] = [];
  let seen = 0;
  for await (const e of store.streamEvents(incident.id, { fromSeq })) {
    if (request.since !== undefined && e.at < request.since) continue;
    ring[seen++ % keep] = e;
  }
  const total = request.since === undefined ? Math.max(incident.eventCount, ring.length ? fromSeq - 1 + seen : 0) : seen;
  const held = Math.min(seen, keep);
  const newestFirst = Array.from({ length: held }, (_, i) => ring[(seen - 1 - i) % keep]!).slice((request.page - 1) * PAGE_SIZE);
  const page: TimelinePage = { incident, events: newestFirst, page: request.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total };
  return request.since === undefined ? page : { ...page, since: request.since };
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses a window such as `30m`, `2h`, `7d` (a whole number and one unit) into milliseconds; a user error otherwise. */
export function parseWindow(text: string): number {
  const m = /^(\d{1,6})([mhd])$/i.exec(text.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2]!.toLowerCase() as keyof typeof UNIT_MS] : 0;
  if (ms > 0) return ms;
  throw new UserError('timeline.badSince', { since: text.slice(0, 20) }, { showUsage: true });
}
