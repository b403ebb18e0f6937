import type { DateTime } from 'luxon';
import { luxon } from './luxon.js';
import { WEEKDAYS, type RotationConfig } from './config.js';

/** One shift of a rotation: the member on duty from `from` (a hand-off) until `to` (the next one). */
export interface Shift {
  /** The shift's number counted from the rotation's first shift (negative before it). */
  index: number;
  member: string;
  from: number;
  to: number;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * A configured rotation in its own time zone. Shift boundaries are computed on the local
 * calendar with luxon (`start + k × length` days at the hand-off time), so a shift keeps its
 * wall-clock hand-off across DST changes (a weekly shift spanning one is an hour shorter or
 * longer). Pure: who is scheduled at an instant depends only on the config.
 */
export class Rotation {
  readonly zone: string;
  private readonly days: number;
  private readonly anchor: DateTime;

  constructor(
    readonly name: string,
    readonly config: RotationConfig,
    defaultZone: string,
  ) {
    this.zone = config.timezone ?? defaultZone;
    this.days = config.length === 'daily' ? 1 : config.length === 'weekly' ? 7 : config.length.days;
    const [hour, minute] = config.handoff.time.split(':').map(Number) as [number, number];
    let anchor = luxon().DateTime.fromISO(config.start, { zone: this.zone }).set({ hour, minute, second: 0, millisecond: 0 });
    if (config.length === 'weekly') anchor = anchor.plus({ days: (WEEKDAYS.indexOf(config.handoff.weekday) + 1 - anchor.weekday + 7) % 7 });
    this.anchor = anchor;
  }

  /** The instant of hand-off number `k` (shift `k` starts then). */
  boundary(k: number): number {
    return this.anchor.plus({ days: k * this.days }).toMillis();
  }

  /** The shift on at `at`. */
  shiftAt(at: number): Shift {
    let k = Math.floor((at - this.anchor.toMillis()) / (this.days * 86_400_000));
    while (this.boundary(k) > at) k--;
    while (this.boundary(k + 1) <= at) k++;
    return this.shift(k);
  }

  /** Shift number `k`. */
  shift(k: number): Shift {
    const members = this.config.members;
    return { index: k, member: members[((k % members.length) + members.length) % members.length]!, from: this.boundary(k), to: this.boundary(k + 1) };
  }

  /** The first hand-off strictly after `at`. */
  nextHandoff(at: number): number {
    return this.shiftAt(at).to;
  }

  /** Whether the rotation's restricted hours (if any) cover `at`; a rotation without `restrict` always does. */
  covers(at: number): boolean {
    const windows = this.config.restrict;
    if (!windows) return true;
    const local = luxon().DateTime.fromMillis(at, { zone: this.zone });
    const minute = local.hour * 60 + local.minute;
    const today = WEEKDAYS[local.weekday - 1]!;
    const yesterday = WEEKDAYS[(local.weekday + 5) % 7]!;
    return windows.some((w) => {
      const from = minutesOf(w.from);
      const to = minutesOf(w.to);
      if (from < to) return w.days.includes(today) && minute >= from && minute < to;
      return (w.days.includes(today) && minute >= from) || (w.days.includes(yesterday) && minute < to);
    });
  }

  /** Whether `user` is one of the members (case-insensitive). */
  hasMember(user: string): boolean {
    return this.config.members.some((m) => m.toLowerCase() === user.toLowerCase());
  }
}
