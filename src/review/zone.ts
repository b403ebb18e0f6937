import { calendarParts, isTimeZone, type CalendarParts } from '../core/time.js';

/*
 * Time-zone arithmetic of the review on the runtime's own Intl data (no date library: a process
 * that never exports pays nothing to load one, and 100,000 rows format with one cached formatter).
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** True when `zone` is an IANA time zone name (`Asia/Shanghai`, `America/New_York`, `UTC`). */
export function isZone(zone: string): boolean {
  return zone !== '' && isTimeZone(zone);
}

/** Minutes east of UTC of the wall clock `p` shown at instant `ms`. */
function offsetMinutes(ms: number, p: CalendarParts): number {
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((wall - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The UTC offset of `zone` at the instant `ms`, written out: `UTC+08:00`, `UTC-04:00`. */
export function utcOffset(ms: number, zone: string): string {
  return formatOffset(offsetMinutes(ms, calendarParts(ms, zone)));
}

/**
 * `2026-11-01 01:30:00` in `zone`; with `offset` the instant's own offset is appended
 * (`2026-11-01 01:30:00 UTC-04:00`), so times on both sides of a DST change stay unambiguous.
 */
export function zoneTime(ms: number, zone: string, offset = false): string {
  const p = calendarParts(ms, zone);
  const text = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  return offset ? `${text} ${formatOffset(offsetMinutes(ms, p))}` : text;
}

/** The ISO week of the day `ms` falls on in `zone`: `2026-W47` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(ms: number, zone: string): string {
  const p = calendarParts(ms, zone);
  const day = Date.UTC(p.year, p.month - 1, p.day);
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * 86_400_000;
  const weekYear = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * 86_400_000));
  return `${pad(weekYear, 4)}-W${pad(week)}`;
}

/** UTC ISO-8601 with milliseconds (`2026-11-22T02:00:00.000Z`): how exports write every instant. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/** The distinct UTC offsets of `zone` between two instants, in order (two across a DST change). */
export function offsetsBetween(from: number, to: number, zone: string): string[] {
  const out = [utcOffset(from, zone)];
  const last = utcOffset(to, zone);
  if (last !== out[0]) out.push(last);
  return out;
}
