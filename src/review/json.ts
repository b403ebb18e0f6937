import type { StoredEvent } from '../store/port.js';
import type { Sink } from './md.js';
import type { ReviewSummary } from './summary.js';
import { isoUtc } from './zone.js';

/** Version of the JSON export's shape (see schema.ts); raised on any incompatible change. */
export const SCHEMA_VERSION = 1;
/** The `kind` every zhiban incident export carries, so a reader can tell it from other JSON. */
export const EXPORT_KIND = 'zhiban.incident';

/** Events serialised per chunk handed to the sink. */
const EVENTS_PER_CHUNK = 200;

/**
 * Writes the lossless JSON export of one incident to `sink`: schemaVersion, the derived summary,
 * then every event (seq, type, actor, `at` in UTC epoch ms and `time` in UTC ISO-8601, data) in
 * seq order, streamed chunk by chunk. `redactDeep` is applied to each value before it is
 * serialised, so redaction never breaks the JSON.
 */
export async function writeJson(
  summary: ReviewSummary,
  events: AsyncIterable<StoredEvent>,
  opts: { exportedAt: number; redactDeep: <T>(value: T) => T },
  sink: Sink,
): Promise<void> {
  const head = {
    schemaVersion: SCHEMA_VERSION,
    kind: EXPORT_KIND,
    incidentId: summary.incident.id,
    exportedAt: isoUtc(opts.exportedAt),
    summary: opts.redactDeep(summary),
  };
  const opening = JSON.stringify(head, null, 1);
  await sink(`${opening.slice(0, -2)},\n "events": [\n`);
  let buffer = '';
  let n = 0;
  for await (const e of events) {
    const line = JSON.stringify({ seq: e.seq, type: e.type, actor: opts.redactDeep(e.actor), at: e.at, time: isoUtc(e.at), data: opts.redactDeep(e.data) });
    buffer += `${n === 0 ? '  ' : ',\n  '}${line}`;
    if (++n % EVENTS_PER_CHUNK === 0) {
      await sink(buffer);
      buffer = '';
    }
  }
  await sink(`${buffer}\n ]\n}\n`);
}
