import { z } from 'zod';
import { actionsConfigSchema } from '../actions/config.js';
import { alertsConfigSchema } from '../alerts/config.js';
import { pagingConfigSchema, unreachableContacts } from '../core/paging/config.js';
import { probesConfigSchema } from '../diagnostics/config.js';
import { reviewConfigSchema } from '../review/config.js';
import { runbookConfigSchema } from '../runbook/schema.js';
import { patrolsConfigSchema } from '../patrols/config.js';
import { drillsConfigSchema } from '../drills/config.js';
import { httpConfigSchema } from '../service/config.js';
import { rotationIssues, rotationsConfigSchema } from '../oncall/config.js';
import { storeConfigSchema } from '../store/config.js';
import { LOCALES } from '../core/i18n/index.js';
import { SEVERITIES } from '../core/incidents/severity.js';
import { ROLES } from '../core/roles.js';
import { isTimeZone } from '../core/time.js';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore');

/** A zhiban user: who they are on each platform and which permission roles they hold. */
export const userSchema = z
  .object({
    id,
    name: z.string().min(1).optional(),
    roles: z.array(z.enum(ROLES)).min(1).default(['responder']),
    slack: z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id like U012AB3CD').optional(),
    dingtalk: z.string().min(1).optional(),
    /** Phone and email of a rotation member (pages to whoever a rotation row resolves to use them). */
    phone: z.string().regex(/^\+?[0-9 -]{5,20}$/, 'digits, spaces, dashes, optional leading +').optional(),
    email: z.string().email().optional(),
  })
  .strict();

/** A row of the contacts table (manual 4.1 内部联系): who is paged for which severities, at which level. */
export const contactSchema = z
  .object({
    name: z.string().min(1),
    title: z.string().optional(),
    /** A short role name for `/page` (`ops`, `backend`, `product`). */
    role: id.optional(),
    user: id.optional(),
    /** A rotation under `rotations:`: the row pages whoever is on duty in it at page time. */
    rotation: id.optional(),
    phone: z.string().regex(/^\+?[0-9 -]{5,20}$/, 'digits, spaces, dashes, optional leading +').optional(),
    email: z.string().email().optional(),
    slack: z.string().optional(),
    dingtalk: z.string().optional(),
    /** Language of this person's pages (default: the config's locale). */
    locale: z.enum(LOCALES).optional(),
    severities: z.array(z.enum(SEVERITIES)).min(1).default([...SEVERITIES]),
    level: z.number().int().min(1).max(5).default(1),
  })
  .strict();

const platformLocale = z.object({ locale: z.enum(LOCALES).optional() }).strict();

/** The whole zhiban.yml. Every key is optional; defaults make a fresh machine work. */
export const configSchema = z
  .object({
    locale: z.enum(LOCALES).default('en'),
    timezone: z
      .string()
      .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai')
      .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
    dataDir: z.string().min(1).default('./data'),
    store: storeConfigSchema,
    log: z
      .object({
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
        file: z.string().optional(),
        /** Rotate the file once it reaches this size (0: never; logrotate + SIGHUP instead). */
        maxSizeMB: z.number().int().min(0).max(10_000).default(50),
        /** Rotated files kept (`zhiban.log.1` … `.N`). */
        keep: z.number().int().min(1).max(100).default(5),
      })
      .strict()
      .default({ level: 'info', maxSizeMB: 50, keep: 5 }),
    access: z
      .object({ unknownUsers: z.array(z.enum(ROLES)).default(['viewer']) })
      .strict()
      .default({ unknownUsers: ['viewer'] }),
    users: z.array(userSchema).default([]),
    contacts: z.array(contactSchema).default([]),
    rotations: rotationsConfigSchema,
    platforms: z
      .object({
        console: platformLocale
          .extend({
            user: id.optional(),
            /** OS account (user name or numeric uid) → zhiban user the console runs as; wins over `user`. */
            users: z.record(z.string().min(1), id).optional(),
            /** Whether `--as` / `/as` may act as another user; on only for local trials (the embedded defaults). */
            impersonate: z.boolean().default(false),
          })
          .strict()
          .optional(),
        slack: platformLocale.optional(),
        dingtalk: platformLocale.optional(),
      })
      .strict()
      .default({}),
    probes: probesConfigSchema.prefault({}),
    actions: actionsConfigSchema.prefault({}),
    paging: pagingConfigSchema.prefault({}),
    /** Where people reach zhiban's HTTP server from outside (enables ack links in pages). */
    publicUrl: z.string().url().optional(),
    approvals: z
      .strictObject({
        expiresMinutes: z.number().int().min(1).max(24 * 60).default(10),
        twoApprovals: z.strictObject({ highRisk: z.boolean().default(true), p0: z.boolean().default(true) }).prefault({}),
        maxPerIncident: z.number().int().min(1).max(1000).default(20),
      })
      .prefault({}),
    review: reviewConfigSchema,
    /** Overrides and additions to the shipped runbook (runbook/default.yml). */
    runbook: runbookConfigSchema,
    /** Scheduled patrols (manual 6.2): cron schedules of checks, in `timezone`. */
    patrols: patrolsConfigSchema,
    /** Drill scenarios (manual 6.3): what `/drill start <name>` declares and injects. */
    drills: drillsConfigSchema,
    /** Alert intake (`POST /alerts/<source>`); absent: no alert endpoints. */
    alerts: alertsConfigSchema.optional(),
    http: httpConfigSchema,
  })
  .strict()
  .strict();

/** The validated configuration. */
export type Config = z.infer<typeof configSchema>;

/** A cross-field problem found by `crossCheck`. */
export interface CrossIssue {
  path: Array<string | number>;
  message: string;
}

type Row = Record<string, unknown>;
const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? (x as Row) : {})) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Checks that span several entries (duplicate ids, contacts pointing at unknown users). It reads
 * the raw value defensively, so it reports its problems even when other keys are invalid too.
 */
export function crossCheck(raw: unknown): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const cfg = (raw && typeof raw === 'object' ? raw : {}) as Row;
  const users = rows(cfg.users);
  const seen = new Map<string, number>();
  users.forEach((u, i) => {
    const key = str(u.id)?.toLowerCase();
    if (key === undefined) return;
    if (seen.has(key)) issues.push({ path: ['users', i, 'id'], message: `duplicate user id "${str(u.id)}" (also users[${seen.get(key)}])` });
    else seen.set(key, i);
  });
  for (const field of ['slack', 'dingtalk'] as const) {
    const ids = new Map<string, number>();
    users.forEach((u, i) => {
      const v = str(u[field]);
      if (v === undefined) return;
      if (ids.has(v)) issues.push({ path: ['users', i, field], message: `${field} id ${v} is already used by users[${ids.get(v)}]` });
      else ids.set(v, i);
    });
  }
  rows(cfg.contacts).forEach((c, i) => {
    const user = str(c.user);
    if (user !== undefined && !seen.has(user.toLowerCase())) issues.push({ path: ['contacts', i, 'user'], message: `no user "${user}" under users:` });
    if (!['phone', 'email', 'slack', 'dingtalk', 'user', 'rotation'].some((k) => c[k] !== undefined)) {
      issues.push({ path: ['contacts', i], message: 'a contact needs at least one of phone, email, slack, dingtalk, user or rotation' });
    }
  });
  issues.push(...rotationIssues(cfg));
  for (const c of unreachableContacts(cfg)) issues.push({ path: ['contacts', c.index], message: `no channel reaches ${c.name}: give a slack id, or configure paging.dingtalkRobot (phone) or paging.webhook (phone, email)` });
  return issues;
}
