import { SEVERITIES, type Severity } from '../core/incidents/severity.js';
import type { ReviewSummary } from './summary.js';
import { isoUtc, isoWeek } from './zone.js';

/** Numbers for one severity: count, mean time to acknowledge / resolve (absent with no data), breaches. */
export interface SeverityStats {
  severity: Severity;
  count: number;
  mttaMs?: number;
  mttrMs?: number;
  breaches: number;
}

/** `/incident stats`: incidents declared in a window, folded from their timelines. */
export interface IncidentStats {
  total: number;
  severities: SeverityStats[];
  /** ISO weeks (`2026-W47`) in the configured zone, oldest first, with the incidents declared in each. */
  weeks: Array<{ week: string; count: number }>;
  breaches: number;
  symptoms: Array<{ name: string; manual: string; count: number }>;
}

const mean = (xs: number[]): number | undefined => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : undefined);

/** Ids whose declaration day (in the id) may fall at or after `since`: a day of margin for time zones. */
export function idsSince(ids: readonly string[], since: number): string[] {
  const day = isoUtc(since - 86_400_000).slice(0, 10).replaceAll('-', '');
  return ids.filter((id) => (/^INC-(\d{8})-/.exec(id)?.[1] ?? '99999999') >= day);
}

/**
 * Folds incident summaries into stats: those declared at or after `since`, drills left out. MTTA counts the first
 * acknowledgement (or first response when nothing was paged); MTTR only resolved incidents; a breach
 * is a response later than the severity's response time.
 */
export function foldStats(summaries: readonly ReviewSummary[], since: number, zone: string): IncidentStats {
  // Drills (/drill start) are practice, not incidents: they never count.
  const chosen = summaries.filter((s) => s.incident.declaredAt >= since && !s.incident.drill);
  const weeks = new Map<string, number>();
  const symptoms = new Map<string, { name: string; manual: string; count: number }>();
  for (const s of chosen) {
    const week = isoWeek(s.incident.declaredAt, zone);
    weeks.set(week, (weeks.get(week) ?? 0) + 1);
    for (const x of s.symptoms) {
      const known = symptoms.get(x.name) ?? { name: x.name, manual: x.manual, count: 0 };
      known.count++;
      symptoms.set(x.name, known);
    }
  }
  const severities = SEVERITIES.map((severity): SeverityStats => {
    const of = chosen.filter((s) => s.incident.severity === severity);
    const mtta = mean(of.flatMap((s) => (s.durations.ttaMs === undefined ? [] : [s.durations.ttaMs])));
    const mttr = mean(of.flatMap((s) => (s.durations.ttrMs === undefined ? [] : [s.durations.ttrMs])));
    return { severity, count: of.length, breaches: of.filter((s) => s.responseMet === false).length, ...(mtta !== undefined ? { mttaMs: mtta } : {}), ...(mttr !== undefined ? { mttrMs: mttr } : {}) };
  });
  return {
    total: chosen.length,
    severities,
    weeks: [...weeks].sort(([a], [b]) => a.localeCompare(b)).map(([week, count]) => ({ week, count })),
    breaches: severities.reduce((n, s) => n + s.breaches, 0),
    symptoms: [...symptoms.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, 5),
  };
}
