import { DateTime, IANAZone } from 'luxon';

/** True when `zone` is an IANA time zone name (`Asia/Shanghai`, `America/New_York`, `UTC`). */
export function isZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The UTC offset of `zone` at the instant `ms`, written out: `UTC+08:00`, `UTC-04:00`. */
export function utcOffset(ms: number, zone: string): string {
  return `UTC${DateTime.fromMillis(ms, { zone }).toFormat('ZZ')}`;
}

/**
 * `2026-11-01 01:30:00` in `zone`; with `offset` the instant's own offset is appended
 * (`2026-11-01 01:30:00 UTC-04:00`), so times on both sides of a DST change stay unambiguous.
 */
export function zoneTime(ms: number, zone: string, offset = false): string {
  const dt = DateTime.fromMillis(ms, { zone });
  return offset ? `${dt.toFormat('yyyy-MM-dd HH:mm:ss')} UTC${dt.toFormat('ZZ')}` : dt.toFormat('yyyy-MM-dd HH:mm:ss');
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
