import { luxon } from './luxon.js';
import type { Locale } from '../core/i18n/index.js';

/** Why a typed time was refused: not in an accepted format, or a wall time the zone skips (DST). */
export type TimeProblem = { kind: 'format'; text: string } | { kind: 'gap'; text: string };

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^\d{2}:\d{2}$/;
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads one instant from the front of `words`: `2026-12-03 19:00` (two words, wall time in
 * `zone`) or ISO-8601 with an offset (`2026-12-03T19:00+08:00`, `2026-12-03T11:00Z`). Returns
 * the instant and how many words it used, or the problem. A wall time that does not exist in
 * the zone (skipped by a DST change) is refused rather than moved.
 */
export function readInstant(words: readonly string[], zone: string): { at: number; used: number } | TimeProblem {
  const [first = '', second = ''] = words;
  if (ISO_OFFSET.test(first)) {
    const dt = luxon().DateTime.fromISO(first, { setZone: true });
    return dt.isValid ? { at: dt.toMillis(), used: 1 } : { kind: 'format', text: first };
  }
  if (LOCAL_DATE.test(first) && LOCAL_TIME.test(second)) {
    const text = `${first} ${second}`;
    const dt = luxon().DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone });
    if (!dt.isValid) return { kind: 'format', text };
    if (dt.toFormat('yyyy-MM-dd HH:mm') !== text) return { kind: 'gap', text };
    return { at: dt.toMillis(), used: 2 };
  }
  return { kind: 'format', text: LOCAL_DATE.test(first) ? [first, second].filter(Boolean).join(' ') : first };
}

/** `Thu 2026-12-03 19:00 +08:00` (`周四 …` in zh-CN): a time in `zone`, always with its UTC offset. */
export function zoneStamp(ms: number, zone: string, locale: Locale = 'en'): string {
  return luxon().DateTime.fromMillis(ms, { zone, locale }).toFormat('ccc yyyy-MM-dd HH:mm ZZ');
}

/** `Asia/Shanghai, +08:00`: a zone with its offset at `ms`. */
export function zoneLabel(ms: number, zone: string): string {
  return `${zone}, ${luxon().DateTime.fromMillis(ms, { zone }).toFormat('ZZ')}`;
}
