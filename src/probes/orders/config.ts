import { z } from 'zod';
import { mysqlDsnSchema } from '../mysql/config.js';
import { checkSelectOnly } from '../mysql/select-guard.js';
import { DEFAULT_ORDER_CHECKS } from './default-checks.js';

const localizedSchema = z.strictObject({ en: z.string().min(1), 'zh-CN': z.string().min(1) });

/**
 * One anomaly check: a single read-only SELECT whose rows are the anomalies. Parameters are
 * bound by name: `:hours` in the SQL takes `params.hours` (server-side prepared statement, never
 * spliced). Parsing fails when the SQL is not exactly one SELECT (see checkSelectOnly), when it
 * uses a parameter that `params` lacks, or when `params` holds one the SQL never uses.
 */
export const orderCheckSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like paid-not-updated'),
    title: localizedSchema,
    sql: z.string().superRefine((sql, ctx) => {
      const r = checkSelectOnly(sql);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: `must be a single read-only SELECT: ${r.reason}` });
    }),
    params: z.record(z.string().regex(/^[A-Za-z_]\w*$/), z.union([z.number(), z.string()])).default({}),
    /** Verdict when the check returns rows. */
    verdict: z.enum(['warn', 'crit']).default('warn'),
    /** Section of the fault manual, like `2.6`. */
    manual: z.string().regex(/^\d+(\.\d+)*$/, 'must be a manual section like 2.6').optional(),
    advice: localizedSchema.optional(),
  })
  .superRefine((check, ctx) => {
    const r = checkSelectOnly(check.sql);
    if (!r.ok) return;
    const used = new Set(r.compiled.params);
    const issue = (p: string, message: string): void => ctx.addIssue({ code: 'custom', path: ['params', p], message });
    for (const p of used) if (!(p in check.params)) issue(p, `the SQL uses :${p} but params.${p} is missing`);
    for (const p of Object.keys(check.params)) if (!used.has(p)) issue(p, `params.${p} is not used by the SQL (no :${p})`);
  });

/** A check as written in config (defaults not yet applied). */
export type OrderCheckInput = z.input<typeof orderCheckSchema>;
/** A validated check. */
export type OrderCheck = z.infer<typeof orderCheckSchema>;

/**
 * Config of the `orders` probe (`probes.orders`). `checks`, when given, replaces the defaults
 * (DEFAULT_ORDER_CHECKS, validated by this same schema); names are unique. `dsn` may be left out:
 * wiring then passes the mysql probe's DSN to `ordersProbe`.
 */
export const ordersProbeConfigSchema = z
  .strictObject({
    dsn: mysqlDsnSchema.optional(),
    checks: z
      .array(orderCheckSchema)
      .min(1)
      .refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, 'check names must be unique')
      .prefault([...DEFAULT_ORDER_CHECKS]),
  })
  .prefault({});

/** A complete, validated `probes.orders` config. */
export type OrdersProbeConfig = z.infer<typeof ordersProbeConfigSchema>;
