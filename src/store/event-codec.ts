import { isPlainObject, jsonCopy } from './guards.js';
import { StoreCorruptionError, type NewEvent, type StoredEvent } from './port.js';

/** Why `value` is not a stored event of `incidentId`, or undefined when it is one. */
function eventProblem(value: unknown, incidentId: string): string | undefined {
  if (!isPlainObject(value)) return 'not a JSON object';
  if (value.incidentId !== incidentId) return `incidentId is not ${JSON.stringify(incidentId)}`;
  if (typeof value.seq !== 'number' || !Number.isSafeInteger(value.seq) || value.seq < 1) return 'seq is not a positive integer';
  if (typeof value.type !== 'string' || value.type === '') return 'type is not a non-empty string';
  if (typeof value.at !== 'number' || !Number.isFinite(value.at)) return 'at is not a number';
  if (typeof value.actor !== 'string') return 'actor is not a string';
  if (!isPlainObject(value.data)) return 'data is not an object';
  return undefined;
}

/**
 * The stored form of `event` as number `seq` of `incidentId`: a fresh copy, with exactly the
 * fields of StoredEvent. Throws TypeError when the event would not read back as written
 * (wrong field types, data without a JSON form), so nothing unreadable is ever stored.
 */
export function toStoredEvent(incidentId: string, seq: number, event: NewEvent): StoredEvent {
  const { type, at, actor, data } = event;
  const stored = jsonCopy({ incidentId, seq, type, at, actor, data }, 'event');
  const problem = eventProblem(stored, incidentId);
  if (problem !== undefined) throw new TypeError(`event cannot be stored: ${problem}`);
  return stored;
}

/** One line of an incident log: the event as JSON followed by '\n'. */
export function encodeEvent(event: StoredEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * Reads one log line; returns the event or, when the line is damaged, why. `expectedSeq`
 * (when known) must match, so a gap or a duplicate counts as damage.
 */
export function decodeEvent(line: string, incidentId: string, expectedSeq?: number): StoredEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  const problem = eventProblem(value, incidentId);
  if (problem !== undefined) return problem;
  const event = value as StoredEvent;
  if (expectedSeq !== undefined && event.seq !== expectedSeq) return `seq ${event.seq} where ${expectedSeq} was expected`;
  return event;
}

/**
 * Parses the complete lines of a log (`text` is empty or ends in '\n'), numbered from seq 1.
 * Throws StoreCorruptionError at `<file>:<line>` (`<shown>:<line>` for chat) for the first damaged line.
 */
export function decodeEvents(text: string, incidentId: string, file: string, shown = file): StoredEvent[] {
  const lines = text.split('\n');
  lines.pop();
  return lines.map((line, i) => {
    const event = decodeEvent(line, incidentId, i + 1);
    if (typeof event === 'string') throw new StoreCorruptionError(`${file}:${i + 1}`, event, `${shown}:${i + 1}`);
    return event;
  });
}
