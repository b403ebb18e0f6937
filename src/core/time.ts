import type { Locale } from './i18n/index.js';

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

function parts(ms: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) out[p.type] = p.value;
  return out;
}

/** Calendar fields of an instant in a time zone, as numbers (month 1–12, hour 0–23). */
export interface CalendarParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The calendar fields of `ms` in `timeZone` (one cached Intl formatter per zone). */
export function calendarParts(ms: number, timeZone: string): CalendarParts {
  const p = parts(ms, timeZone);
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** True when `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `20261122`: the calendar day of `ms` in `timeZone` (used in incident ids). */
export function dayStamp(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}${p.month}${p.day}`;
}

/** `2026-11-22 13:05` (or `13:05:09` with seconds) in `timeZone`. */
export function formatDateTime(ms: number, timeZone: string, seconds = false): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
}

/** `13:05:09` in `timeZone`. */
export function formatClock(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** A human duration, largest two units: `1 h 5 min` / `1 小时 5 分钟`; under a minute in seconds. */
export function formatDuration(ms: number, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const units: Array<[number, string, string]> = [
    [86_400_000, ' day', ' 天'],
    [3_600_000, ' h', ' 小时'],
    [60_000, ' min', ' 分钟'],
    [1_000, ' s', ' 秒'],
  ];
  let rest = Math.max(0, Math.round(ms / 1000) * 1000);
  const out: string[] = [];
  for (const [size, en, cn] of units) {
    if (out.length === 2) break;
    const n = Math.floor(rest / size);
    if (n > 0 || (size === 1_000 && out.length === 0)) {
      out.push(`${n}${zh ? cn : n === 1 || en !== ' day' ? en : ' days'}`);
      rest -= n * size;
    } else if (out.length > 0) {
      break;
    }
  }
  return out.join(' ');
}
