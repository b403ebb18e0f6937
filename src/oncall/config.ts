import { luxon } from './luxon.js';
import { z } from 'zod';

/** Weekday names as typed in zhiban.yml, Monday first (luxon's weekday is the index + 1). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** One weekday name. */
export type Weekday = (typeof WEEKDAYS)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day like 09:00 (24-hour)');
const windowEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time of day like 18:00, or 24:00');
const userId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a zhiban user id');

/**
 * A window of the week a rotation covers: on each of `days`, from `from` to `to` (local time of the
 * rotation). When `to` is not after `from` the window runs overnight into the next day
 * (`{ days: [mon, tue, wed, thu, fri], from: '18:00', to: '09:00' }`).
 */
export const windowSchema = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)).min(1).default([...WEEKDAYS]),
  from: clockTime,
  to: windowEnd,
});

/** A shift length: `daily`, `weekly`, or `{ days: n }`. */
export const lengthSchema = z.union([z.enum(['daily', 'weekly']), z.strictObject({ days: z.number().int().min(1).max(366) })]);

/**
 * One rotation (值班表): its members take turns, in order, each for one shift of `length`; a
 * shift starts at the hand-off (`handoff.time`, and for weekly shifts `handoff.weekday`) in
 * `timezone`. `start` is the local date of the first shift of `members[0]` (default 2026-01-01,
 * moved forward to the hand-off weekday for weekly shifts). `restrict` limits the rotation to
 * windows of the week (office hours, nights and weekends as two rotations); outside them it
 * names nobody. Hand-off notes go to `channel` (a conversation on `platform`), else to the log.
 */
export const rotationSchema = z.strictObject({
  members: z.array(userId).min(1, 'a rotation needs at least one member'),
  length: lengthSchema.default('weekly'),
  handoff: z.strictObject({ time: clockTime.default('10:00'), weekday: z.enum(WEEKDAYS).default('mon') }).prefault({}),
  timezone: z.string().refine((tz) => luxon().IANAZone.isValidZone(tz), 'an IANA time zone such as Asia/Shanghai').optional(),
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-11-30').refine((d) => luxon().DateTime.fromISO(d).isValid, 'a date that exists, like 2026-11-30').default('2026-01-01'),
  restrict: z.array(windowSchema).min(1).optional(),
  channel: z.strictObject({ platform: z.enum(['slack', 'dingtalk']).default('slack'), id: z.string().min(1) }).optional(),
  /** A short name people type and see (`/oncall schedule ops`); defaults to the rotation's key. */
  title: z.string().min(1).optional(),
});

/** A rotation after defaults (its zone may still be the config's). */
export type RotationConfig = z.infer<typeof rotationSchema>;

/** `rotations:` in zhiban.yml: rotation name → rotation. */
export const rotationsConfigSchema = z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore'), rotationSchema).default({});

type Row = Record<string, unknown>;

/**
 * Cross-checks of `rotations:` against `users:` and `contacts:` (read defensively from the raw
 * config): every member must be a configured user, and a contacts row's `rotation` must exist.
 */
export function rotationIssues(cfg: Row): Array<{ path: Array<string | number>; message: string }> {
  const users = new Set((Array.isArray(cfg.users) ? (cfg.users as Row[]) : []).map((u) => (typeof u?.id === 'string' ? u.id.toLowerCase() : '')));
  const rotations = cfg.rotations && typeof cfg.rotations === 'object' ? (cfg.rotations as Record<string, Row>) : {};
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  for (const [name, r] of Object.entries(rotations)) {
    const members: unknown[] = Array.isArray(r?.members) ? r.members : [];
    members.forEach((m, i) => {
      if (typeof m === 'string' && !users.has(m.toLowerCase())) out.push({ path: ['rotations', name, 'members', i], message: `no user "${m}" under users:` });
    });
  }
  const contacts = Array.isArray(cfg.contacts) ? (cfg.contacts as Row[]) : [];
  contacts.forEach((c, i) => {
    const rotation = c?.rotation;
    if (typeof rotation !== 'string') return;
    if (!Object.hasOwn(rotations, rotation)) out.push({ path: ['contacts', i, 'rotation'], message: `no rotation "${rotation}" under rotations: (${Object.keys(rotations).join(', ') || 'none configured'})` });
    if (c.user !== undefined) out.push({ path: ['contacts', i], message: 'a contact names either a user or a rotation, not both' });
  });
  return out;
}
