import { z } from 'zod';
import { SEVERITIES } from '../core/incidents/severity.js';
import { checkTargetNames } from '../probes/registry.js';
import { checkEntry } from '../runbook/schema.js';
import { cronProblem } from './schedule.js';

const cron = z
  .string()
  .trim()
  .min(1)
  .superRefine((s, ctx) => {
    const problem = cronProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const patrolCheck = checkEntry.superRefine((c, ctx) => {
  const known = checkTargetNames();
  if (!known.includes(c.target)) ctx.addIssue({ code: 'custom', message: `unknown check target "${c.target}" (known: ${known.join(', ')})` });
});

/** Where a patrol's summary goes: a Slack or DingTalk conversation, or zhiban's log (console). */
const postSchema = z
  .strictObject({ platform: z.enum(['console', 'slack', 'dingtalk']).default('console'), channel: z.string().min(1).max(200).optional() })
  .refine((p) => p.platform === 'console' || p.channel !== undefined, { message: 'slack and dingtalk need a channel (conversation id)', path: ['channel'] });

/** One scheduled patrol (manual 6.2 定期巡检): when, which checks, where the summary goes, whether a crit opens an incident. */
export const patrolSchema = z.strictObject({
  /** Cron syntax (minute hour day-of-month month day-of-week), in the config's `timezone`. */
  schedule: cron,
  checks: z.array(patrolCheck).min(1),
  post: postSchema.prefault({}),
  /** Record an all-ok run without posting it. */
  quietWhenOk: z.boolean().default(false),
  /** A crit check opens an incident of `severity` (one per failing check while it stays open). */
  openIncident: z.strictObject({ onCrit: z.boolean().default(false), severity: z.enum(SEVERITIES).default('P2') }).prefault({}),
});

/** `patrols:` in zhiban.yml: named patrols (`daily`, `weekly-backup`). */
export const patrolsConfigSchema = z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes'), patrolSchema).default({});

/** Parsed `patrols:` section. */
export type PatrolsConfig = z.infer<typeof patrolsConfigSchema>;
/** One parsed patrol. */
export type PatrolConfig = z.infer<typeof patrolSchema>;
