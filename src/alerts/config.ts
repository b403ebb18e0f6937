import { z } from 'zod';
import { safeRegexSchema } from '../config/safe-regex.js';
import { findSymptom, SYMPTOMS } from '../core/checks/symptoms.js';
import { SEVERITIES } from '../core/incidents/severity.js';

/** Where alerts come from: one endpoint each, `POST /alerts/<source>`. */
export const ALERT_SOURCES = ['alertmanager', 'grafana', 'webhook'] as const;
/** One alert source. */
export type AlertSource = (typeof ALERT_SOURCES)[number];

const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a label name (letters, digits, underscore)');

/**
 * One routing rule. An alert takes the first route whose `match` labels are all equal and whose
 * `matchRegex` labels all match (anchored); what the route leaves out comes from the defaults.
 */
export const alertRouteSchema = z.strictObject({
  match: z.record(labelName, z.string()).default({}),
  matchRegex: z.record(labelName, safeRegexSchema).default({}),
  /** The incident's severity (default: the `severities` map applied to the severity label). */
  severity: z.enum(SEVERITIES).optional(),
  /** The `/diagnose` symptom run as soon as the incident opens (e.g. `db-conn`). */
  symptom: z
    .string()
    .refine((s) => findSymptom(s) !== undefined, { message: `one of ${SYMPTOMS.map((s) => s.name).join(', ')}` })
    .optional(),
  /** Chat channels: the incident lives in the first (its card), the others get the card too. */
  channels: z.array(z.string().min(1)).min(1).optional(),
  /** Whether the incident pages the contacts table (default true). */
  page: z.boolean().optional(),
});

/** A routing rule after parsing. */
export type AlertRoute = z.infer<typeof alertRouteSchema>;

const hmacSchema = z.strictObject({
  secret: z.string().min(1),
  /** Request header holding the hex HMAC-SHA256 of the raw body (optionally prefixed `sha256=`). */
  header: z.string().min(1).default('x-zhiban-signature'),
});

/**
 * `alerts:` in zhiban.yml: alert intake from Alertmanager, Grafana and a generic webhook. Absent:
 * no alert endpoint exists. A request is accepted with the bearer `token` or, for a source that
 * has one, a valid HMAC signature; at least one of the two must be configured.
 */
export const alertsConfigSchema = z
  .strictObject({
    token: z.string().min(1).optional(),
    hmac: z.partialRecord(z.enum(ALERT_SOURCES), hmacSchema).default({}),
    /** Platform and channel of incidents whose route names no channel. */
    platform: z.enum(['slack', 'dingtalk', 'console']).default('slack'),
    channel: z.string().min(1).default('alerts'),
    /** The label holding the alert's severity (Alertmanager's convention: `severity`). */
    severityLabel: labelName.default('severity'),
    /** Severity label value → zhiban severity (case-insensitive). */
    severities: z.record(z.string(), z.enum(SEVERITIES)).default({ critical: 'P0', error: 'P1', high: 'P1', warning: 'P2', info: 'P3', low: 'P3' }),
    /** Severity when neither a route nor the label says. */
    defaultSeverity: z.enum(SEVERITIES).default('P2'),
    routes: z.array(alertRouteSchema).default([]),
    /** An alert that changes state `flips` times within `windowMinutes` is flapping. */
    flapping: z.strictObject({ windowMinutes: z.number().min(1).max(24 * 60).default(30), flips: z.number().int().min(2).max(100).default(4) }).prefault({}),
    /** At most this many new incidents from alerts per minute; past it, senders get 503 and retry. */
    maxNewIncidentsPerMinute: z.number().int().min(1).max(10_000).default(100),
  })
  .refine((a) => a.token !== undefined || Object.keys(a.hmac).length > 0, { message: 'set alerts.token ("${ZHIBAN_ALERT_TOKEN}") or alerts.hmac.<source>.secret', path: ['token'] });

/** The validated `alerts:` section. */
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
