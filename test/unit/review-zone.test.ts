import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isoWeek, isZone, utcOffset, zoneTime } from '../../src/review/zone.js';

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'UTC'];

/** Instants around DST changes, year ends (ISO weeks 52/53/1) and a leap day, plus a spread over a decade. */
function instants(): number[] {
  const out = [
    '2026-03-08T06:59:59Z', '2026-03-08T07:00:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00Z',
    '2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z', '2020-12-31T16:00:00Z', '2021-01-03T12:00:00Z', '2024-02-29T12:00:00Z', '2015-12-31T23:00:00Z',
  ].map((s) => Date.parse(s));
  for (let t = Date.parse('2018-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 7_919_993_123) out.push(t);
  return out;
}

describe('review times in a time zone', () => {
  it('match the calendar, offset and ISO week a date library computes, across DST changes and year ends', () => {
    for (const zone of ZONES) {
      for (const ms of instants()) {
        const dt = DateTime.fromMillis(ms, { zone });
        expect(zoneTime(ms, zone), `${zone} ${ms}`).toBe(dt.toFormat('yyyy-MM-dd HH:mm:ss'));
        expect(zoneTime(ms, zone, true), `${zone} ${ms}`).toBe(`${dt.toFormat('yyyy-MM-dd HH:mm:ss')} UTC${dt.toFormat('ZZ')}`);
        expect(utcOffset(ms, zone)).toBe(`UTC${dt.toFormat('ZZ')}`);
        expect(isoWeek(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(dt.toFormat("kkkk-'W'WW"));
      }
    }
  });

  it('know the zones the runtime knows, and nothing else', () => {
    for (const zone of [...ZONES, 'asia/shanghai', 'Etc/GMT+5', '', 'Mars/Olympus', 'UTC+8', 'Asia/Shanghai ']) expect(isZone(zone), zone).toBe(IANAZone.isValidZone(zone));
  });
});
