import { z } from 'zod';
import { safeRegexSchema } from '../config/safe-regex.js';
import { mysqlDsnSchema } from '../probes/mysql/config.js';
import { checkSelectOnly } from '../probes/mysql/select-guard.js';
import { dockerCleanupConfigSchema } from './docker-cleanup-config.js';
import { checkWriteStatement, lockablePreviewProblem } from './write-guard.js';

const localized = z.strictObject({ en: z.string().min(1), 'zh-CN': z.string().min(1) });

/** One parameter of a custom action: a string (optionally matching `pattern` as a whole) or a bounded integer. */
export const customParamSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('string'),
    /** The whole value must match (it is anchored: `^(?:pattern)$`). */
    pattern: safeRegexSchema.optional(),
    description: localized,
  }),
  z.strictObject({
    type: z.literal('integer'),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    description: localized,
  }),
]);

/**
 * A remediation declared in config (manual 2.6, the consignment-order guide): one parameterised
 * UPDATE/DELETE/INSERT, vetted by `checkWriteStatement`, and a read-only preview SELECT with the
 * same `:name` parameters showing the rows that would change. Never free-form SQL: responders only
 * fill in the declared parameters, which travel as placeholders.
 */
export const customActionSchema = z
  .strictObject({
    /** `/action <name> key=value …`; the action kind is `custom:<name>`. */
    name: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug: lower-case letters, digits and dashes').max(40),
    title: localized,
    sql: z.string().min(1),
    preview: z.string().min(1),
    params: z.record(z.string().regex(/^[A-Za-z_]\w*$/, 'parameter names are identifiers'), customParamSchema).default({}),
    /** Executions changing more rows are rolled back and refused; previews showing more are refused. */
    maxRows: z.number().int().min(1).max(1000).default(1),
    risk: z.enum(['normal', 'high']).default('high'),
    /** Section of the fault manual the action implements (`2.6`). */
    manual: z.string().regex(/^\d+(?:\.\d+)*$/).optional(),
  })
  .superRefine((a, ctx) => {
    const write = checkWriteStatement(a.sql);
    if (!write.ok) ctx.addIssue({ code: 'custom', path: ['sql'], message: write.reason });
    const preview = checkSelectOnly(a.preview);
    const lockable = preview.ok ? lockablePreviewProblem(a.preview) : undefined;
    if (!preview.ok || lockable) ctx.addIssue({ code: 'custom', path: ['preview'], message: preview.ok ? lockable! : preview.reason });
    const declared = Object.keys(a.params);
    const used = [...(write.ok ? write.compiled.params : []), ...(preview.ok ? preview.compiled.params : [])];
    for (const name of new Set(used)) {
      if (!declared.includes(name)) ctx.addIssue({ code: 'custom', path: ['params'], message: `:${name} is used but not declared in params` });
    }
    for (const name of declared) {
      if (write.ok && !write.compiled.params.includes(name)) ctx.addIssue({ code: 'custom', path: ['params', name], message: `declared but not used in sql` });
    }
    for (const [name, p] of Object.entries(a.params)) {
      if (p.type === 'integer' && p.min !== undefined && p.max !== undefined && p.min > p.max) {
        ctx.addIssue({ code: 'custom', path: ['params', name, 'min'], message: 'min must not exceed max' });
      }
    }
  });

/**
 * `actions:` in zhiban.yml: the accounts, guards and custom actions of approved remediations.
 * Every key has a default, so the lead mounts it as `actionsConfigSchema.prefault({})`.
 *
 * Examples (manual 2.6 and the consignment-order guide):
 * ```yaml
 * actions:
 *   custom:
 *     - name: release-lock
 *       title: { en: Release the inventory lock of an order, zh-CN: 释放订单的库存锁 }
 *       manual: '2.6'
 *       sql: UPDATE inventory_locks SET is_locked = 0 WHERE order_id = :order_id
 *       preview: SELECT order_id, sku_id, is_locked, locked_at FROM inventory_locks WHERE order_id = :order_id
 *       params:
 *         order_id: { type: integer, min: 1, description: { en: the order id, zh-CN: 订单 ID } }
 *     - name: sku-off-sale
 *       title: { en: Take a SKU off sale, zh-CN: 商品 SKU 下架 }
 *       manual: '2.6'
 *       sql: UPDATE product_skus SET on_sale = 0 WHERE id = :sku_id
 *       preview: SELECT id, name, stock, on_sale FROM product_skus WHERE id = :sku_id
 *       params:
 *         sku_id: { type: integer, min: 1, description: { en: the SKU id, zh-CN: SKU ID } }
 * ```
 */
export const actionsConfigSchema = z.strictObject({
  /** Account allowed to KILL and to run custom actions; default (at wiring): `probes.mysql.dsn`. */
  mysqlDsn: mysqlDsnSchema.optional(),
  /**
   * How long a restarted container may take to run again (and turn healthy, if it has a
   * healthcheck). A rolling restart may take this plus the 10 s stop timeout per container, and
   * one request rolls through at most 10 containers, or all of a service declared by `containers`.
   */
  restartWaitSeconds: z.number().int().min(1).max(600).default(60),
  guards: z
    .strictObject({
      /** Allow restarting the only running, not-unhealthy container of a service. */
      restartLastHealthy: z.boolean().default(false),
      /** A purge matching more keys than this is refused. */
      maxKeysPerPurge: z.number().int().min(1).max(10_000_000).default(100_000),
      /**
       * A purge pattern needs a run of at least this many literal characters (not `*`, `?`,
       * `[…]`) somewhere in it: `*:cache:*` passes, `*`, `?*` and `ab*` do not.
       */
      minPatternPrefix: z.number().int().min(1).max(64).default(3),
    })
    .prefault({}),
  dockerCleanup: dockerCleanupConfigSchema,
  custom: z
    .array(customActionSchema)
    .default([])
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((a, i) => {
        if (seen.has(a.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate custom action "${a.name}"` });
        seen.add(a.name);
      });
    }),
});

/** Parsed `actions:` section. */
export type ActionsConfig = z.infer<typeof actionsConfigSchema>;
/** One parsed custom action. */
export type CustomActionConfig = z.infer<typeof customActionSchema>;
/** One parsed custom action parameter. */
export type CustomParamConfig = z.infer<typeof customParamSchema>;
