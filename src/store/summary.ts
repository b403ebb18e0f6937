import { apply, declared } from '../core/incidents/model.js';
import { jsonCopy } from './guards.js';
import type { IncidentSummary, StoredEvent, SummaryQuery } from './port.js';

/**
 * The summary after `event`, given the one before it (undefined for the first event). Pure and
 * total: it never throws and never changes `prev`, so every store folds the same way, inside the
 * same atomic step as the append, and a rebuild from the timeline gives the same result.
 */
export function foldSummary(prev: IncidentSummary | undefined, event: StoredEvent): IncidentSummary {
  const next: IncidentSummary = { id: event.incidentId, lastSeq: event.seq, lastAt: event.at };
  if (prev?.damaged) return { ...next, damaged: { ...prev.damaged } };
  const incident = prev === undefined ? declared(event) : prev.incident && jsonCopy(prev.incident);
  if (incident && prev !== undefined) apply(incident, event);
  return incident ? { ...next, incident } : next;
}

/** The summary of a whole timeline (what `rebuildIndex` computes). */
export function summaryOf(events: Iterable<StoredEvent>): IncidentSummary | undefined {
  let summary: IncidentSummary | undefined;
  for (const e of events) summary = foldSummary(summary, e);
  return summary;
}

/** The summary of a timeline that cannot be read back: marked damaged at `where` (relative to the store). */
export function damagedSummary(id: string, where: string, detail: string, last?: IncidentSummary): IncidentSummary {
  return { id, lastSeq: last?.lastSeq ?? 0, lastAt: last?.lastAt ?? 0, damaged: { where, detail } };
}

/** True when the summary belongs in the open index: an incident not resolved, or a damaged timeline. */
export function inOpenIndex(s: IncidentSummary): boolean {
  return s.damaged !== undefined || (s.incident !== undefined && s.incident.status !== 'resolved');
}

/** When the summary's incident was resolved, or undefined while it is not (the key of the resolved index). */
export function resolvedAtOf(s: IncidentSummary): number | undefined {
  return s.damaged === undefined && s.incident?.status === 'resolved' ? s.incident.resolvedAt : undefined;
}

/** True when `listSummaries(query)` returns this summary. */
export function matchesQuery(s: IncidentSummary, query: SummaryQuery = {}): boolean {
  if (inOpenIndex(s)) return true;
  const resolvedAt = resolvedAtOf(s);
  return query.resolvedSince !== undefined && resolvedAt !== undefined && resolvedAt >= query.resolvedSince;
}
