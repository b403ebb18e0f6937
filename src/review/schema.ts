import { z } from 'zod';
import { reduce, type Incident } from '../core/incidents/model.js';
import type { StoredEvent } from '../store/port.js';
import { EXPORT_KIND, SCHEMA_VERSION } from './json.js';

/** One event of the JSON export: exactly what the store holds, plus `time` (UTC ISO-8601 of `at`). */
export const exportedEventSchema = z.object({
  seq: z.number().int().min(1),
  type: z.string().min(1),
  actor: z.string(),
  at: z.number().int(),
  time: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * The JSON export, version 1. `summary` is derived (see ReviewSummary) and may gain fields within a
 * version; `events` is the whole timeline in seq order and is the source of truth.
 */
export const exportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal(EXPORT_KIND),
  incidentId: z.string().min(1),
  exportedAt: z.string(),
  summary: z.record(z.string(), z.unknown()),
  events: z.array(exportedEventSchema).min(1),
});

/** A parsed export: its events as the store held them, and the incident folded from them. */
export interface RebuiltIncident {
  events: StoredEvent[];
  incident: Incident;
  summary: Record<string, unknown>;
}

/**
 * Rebuilds an incident from a JSON export (validated against the schema; events must be numbered
 * 1, 2, 3 … without gaps, as the store numbers them). Throws a ZodError or an Error saying what is wrong.
 */
export function rebuildIncident(json: string): RebuiltIncident {
  const parsed = exportSchema.parse(JSON.parse(json));
  const events: StoredEvent[] = parsed.events.map((e) => ({ incidentId: parsed.incidentId, seq: e.seq, type: e.type, actor: e.actor, at: e.at, data: e.data }));
  events.forEach((e, i) => {
    if (e.seq !== i + 1) throw new Error(`event ${i + 1} has seq ${e.seq}: the export is not a whole timeline`);
  });
  return { events, incident: reduce(events), summary: parsed.summary };
}
