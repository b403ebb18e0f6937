import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertSource } from './config.js';

/** One alert as zhiban keeps it, whatever sent it. Times are ms since epoch; `endsAt` only once resolved. */
export interface IncomingAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  /** The sender gave no start (the generic webhook may leave it out): `startsAt` is when it arrived, so a resend is not a new firing. */
  startsAtDefaulted?: true;
  endsAt?: number;
  fingerprint: string;
  generatorURL?: string;
}

/** Alerts of one group (one incident): Alertmanager's / Grafana's `groupKey`, or the generic body's. */
export interface AlertGroup {
  key: string;
  alerts: IncomingAlert[];
  /** How many alerts the sender left out (`truncatedAlerts`). */
  truncated: number;
}

/** A parsed notification: its groups, or why it was refused (the 400 answer). */
export type ParsedNotification = { groups: AlertGroup[] } | { problem: string };

const labels = z.record(z.string().min(1).max(200), z.string().max(2000));
const time = z.string().refine((s) => Number.isFinite(Date.parse(s)), { message: 'not an RFC 3339 time' });
const status = z.enum(['firing', 'resolved']);

/** One alert in Alertmanager's webhook (version 4) and Grafana's unified alerting webhook. */
const amAlert = z.object({
  status,
  labels,
  annotations: labels.default({}),
  startsAt: time,
  endsAt: time.optional(),
  generatorURL: z.string().max(2000).optional(),
  fingerprint: z.string().min(1).max(200).optional(),
});

/** Alertmanager's webhook body, version 4 (Grafana's unified alerting sends the same fields and more). */
const alertmanagerBody = z.object({
  version: z.string().optional(),
  groupKey: z.string().min(1).max(2000),
  truncatedAlerts: z.number().int().min(0).default(0),
  status,
  alerts: z.array(amAlert).max(10_000),
});

/** The generic webhook body documented in the README. */
const genericBody = z.object({
  groupKey: z.string().min(1).max(2000).optional(),
  alerts: z
    .array(
      z.object({
        status: status.default('firing'),
        labels: labels.refine((l) => Object.keys(l).length > 0, { message: 'at least one label (alertname)' }),
        annotations: labels.default({}),
        startsAt: time.optional(),
        endsAt: time.optional(),
        generatorURL: z.string().max(2000).optional(),
        fingerprint: z.string().min(1).max(200).optional(),
      }),
    )
    .min(1)
    .max(10_000),
});

/** Alertmanager's "not resolved yet" end time (the zero time). */
const ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** A stable id of a label set when the sender gave none (sha256 of the sorted pairs, 16 hex digits). */
export function labelFingerprint(l: Record<string, string>): string {
  const pairs = Object.keys(l).sort().map((k) => `${k}\u0000${l[k]}`);
  return createHash('sha256').update(pairs.join('\u0001')).digest('hex').slice(0, 16);
}

function normalize(a: Omit<z.infer<typeof amAlert>, 'startsAt'> & { startsAt?: string }, now: number): IncomingAlert {
  const ends = a.endsAt === undefined ? undefined : Date.parse(a.endsAt);
  const alert: IncomingAlert = {
    status: a.status,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt === undefined ? now : Date.parse(a.startsAt),
    fingerprint: a.fingerprint ?? labelFingerprint(a.labels),
  };
  if (a.startsAt === undefined) alert.startsAtDefaulted = true;
  if (a.status === 'resolved') alert.endsAt = ends !== undefined && ends > ZERO_TIME ? ends : now;
  if (a.generatorURL) alert.generatorURL = a.generatorURL;
  return alert;
}

/** Where a zod issue is, as a sender's operator reads it: `alerts[0].startsAt`. */
function where(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || 'body';
}

function problemOf(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((i) => `${where(i.path)}: ${i.message}`).join('; ');
}

/**
 * Parses a notification body of `source`. Alertmanager and Grafana bodies are one group (their
 * `groupKey`); a generic body without `groupKey` is grouped by each alert's `alertname` label
 * (its fingerprint when it has none). `now` stands in for times the generic body leaves out.
 */
export function parseNotification(source: AlertSource, body: string, now: number): ParsedNotification {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { problem: 'the body is not JSON' };
  }
  if (source === 'webhook') {
    const parsed = genericBody.safeParse(json);
    if (!parsed.success) return { problem: problemOf(parsed.error) };
    const groups = new Map<string, AlertGroup>();
    for (const raw of parsed.data.alerts) {
      const alert = normalize(raw, now);
      const key = parsed.data.groupKey ?? `alertname:${alert.labels.alertname ?? alert.fingerprint}`;
      const group = groups.get(key) ?? { key, alerts: [], truncated: 0 };
      group.alerts.push(alert);
      groups.set(key, group);
    }
    return { groups: [...groups.values()] };
  }
  const parsed = alertmanagerBody.safeParse(json);
  if (!parsed.success) return { problem: problemOf(parsed.error) };
  const d = parsed.data;
  return { groups: [{ key: d.groupKey, alerts: d.alerts.map((a) => normalize(a, now)), truncated: d.truncatedAlerts }] };
}
