import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/core/redact.js';
import { withReadOnlySession } from '../../src/probes/mysql/connection.js';
import { checkSelectOnly } from '../../src/probes/mysql/select-guard.js';
import { runOrderChecks } from '../../src/probes/orders/checks.js';
import { ordersProbeConfigSchema } from '../../src/probes/orders/config.js';
import { ordersProbe } from '../../src/probes/orders/probe.js';
import { runProbe } from '../../src/probes/run-probe.js';
import { BROKEN, createMallSchema, seedBrokenMall, seedHealthyMall } from '../support/mall-schema.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/mysql.js';

const redact = (s: string): string => new Redactor().redact(s);
const TIMEOUT_MS = 5000;

/** A deadline that never fires within a test. */
function deadline(): { signal: AbortSignal; timeoutMs: number } {
  return { signal: new AbortController().signal, timeoutMs: TIMEOUT_MS };
}

/** First column of each row a check returned, by check name. */
async function identifiers(dsn: string): Promise<Record<string, unknown[]>> {
  const cfg = ordersProbeConfigSchema.parse({});
  const outcomes = await withReadOnlySession(dsn, deadline(), (s) => runOrderChecks(s, cfg.checks));
  return Object.fromEntries(outcomes.map((o) => [o.check.name, o.rows.map((r): unknown => Object.values(r)[0])]));
}

describe('orders probe on a seeded mall database', () => {
  let broken: ScratchDatabase;
  let healthy: ScratchDatabase;
  let empty: ScratchDatabase;
  let bare: ScratchDatabase;

  beforeAll(async () => {
    [broken, healthy, empty, bare] = await Promise.all([
      createScratchDatabase(),
      createScratchDatabase(),
      createScratchDatabase(),
      createScratchDatabase(),
    ]);
    for (const db of [broken, healthy, empty]) {
      const conn = await db.connect();
      await createMallSchema(conn);
      if (db !== empty) await seedHealthyMall(conn);
      if (db === broken) await seedBrokenMall(conn);
    }
  });

  afterAll(async () => {
    await Promise.all([broken, healthy, empty, bare].map((db) => db?.dispose()));
  });

  it('finds exactly the planted anomalies, one per default check', async () => {
    expect(await identifiers(broken.dsn)).toEqual({
      'paid-not-updated': [BROKEN.paidNotUpdated],
      oversold: [BROKEN.oversoldSkuId],
      'stuck-processing': [BROKEN.stuckOrderNo],
      'stale-inventory-locks': [BROKEN.staleLockOrderNo],
    });
  });

  it('reports them as a user sees them: one finding per check, worst first, rows in the detail', async () => {
    const cfg = ordersProbeConfigSchema.parse({});
    const r = await runProbe(ordersProbe(cfg, broken.dsn), TIMEOUT_MS, redact);

    expect(r.probe).toBe('orders');
    expect(r.target).toBe(`orders 127.0.0.1:3306/${broken.name}`);
    expect(r.verdict).toBe('crit');
    expect(r.findings.map((f) => f.verdict)).toEqual(['crit', 'crit', 'warn', 'warn']);
    expect(r.findings[0]?.text.en).toBe(
      'Paid but order still unpaid: 1 (B-PAID) (manual 2.5): query the payment in the WeChat Pay merchant platform, then set status 1 and deduct stock',
    );
    expect(r.findings[1]?.text['zh-CN']).toContain('库存超卖的 SKU：1 条（4）（手册 2.6）');
    expect(r.findings[2]?.text.en).toContain('Zombie orders stuck awaiting shipment: 1 (B-STUCK)');
    expect(r.findings[3]?.text.en).toContain('Ghost orders still holding stock: 1 (B-GHOST) (manual 2.6)');
    expect(r.summary.en).toBe(
      'Paid but order still unpaid 1 · Oversold SKUs 1 · Zombie orders stuck awaiting shipment 1 · Ghost orders still holding stock 1',
    );
    for (const id of ['B-PAID', 'B-STUCK', 'B-GHOST', 'Limited D']) expect(r.detail).toContain(id);
    for (const id of ['H-UNPAID', 'H-PAID', 'H-SHIPPED', 'H-DONE', 'H-CANCELLED', 'B-OVERSOLD']) {
      expect(r.detail).not.toContain(id);
    }
    expect(r.detail).toMatch(/sku_id\s+name\s+stock\s+sold\s+paid_quantity\n4\s+Limited D\s+0\s+1\s+2/);
  });

  it('gives ok on healthy rows and on empty tables', async () => {
    for (const db of [healthy, empty]) {
      const r = await runProbe(ordersProbe(ordersProbeConfigSchema.parse({}), db.dsn), TIMEOUT_MS, redact);
      expect(r.verdict).toBe('ok');
      expect(r.summary).toEqual({ en: '4 checks, no anomalies', 'zh-CN': '4 项检查均无异常' });
      expect(r.findings.map((f) => f.text.en)).toContain('Oversold SKUs: none');
      expect(r.detail).toBe('ok: paid-not-updated, oversold, stuck-processing, stale-inventory-locks');
    }
  });

  it('says which table is missing instead of failing when the schema is not the mall one', async () => {
    const r = await runProbe(ordersProbe(ordersProbeConfigSchema.parse({}), bare.dsn), TIMEOUT_MS, redact);
    expect(r.verdict).toBe('warn');
    expect(r.findings[0]?.text.en).toBe('paid-not-updated: table orders not found: configure probes.orders.checks');
    expect(r.findings[1]?.text.en).toMatch(/^oversold: table (product_skus|order_items|orders) not found/);
    expect(r.findings[0]?.text['zh-CN']).toBe('paid-not-updated：未找到表 orders，请配置 probes.orders.checks');
  });

  it('runs a custom check from config, binding :name parameters and leaving literals alone', async () => {
    const cfg = ordersProbeConfigSchema.parse({
      dsn: broken.dsn,
      checks: [
        {
          name: 'big-orders',
          title: { en: 'Big orders', 'zh-CN': '大额订单' },
          sql: "SELECT order_no, total_amount FROM orders WHERE total_amount >= :min AND order_no <> 'a:b?' ORDER BY order_no;",
          params: { min: 500 },
          verdict: 'warn',
        },
      ],
    });
    const r = await runProbe(ordersProbe(cfg, 'mysql://root@127.0.0.1:1/unused'), TIMEOUT_MS, redact);
    expect(r.verdict).toBe('warn');
    expect(r.findings).toEqual([{ verdict: 'warn', text: { en: 'Big orders: 1 (H-DONE)', 'zh-CN': '大额订单：1 条（H-DONE）' } }]);
    expect(r.detail).toMatch(/\[big-orders\].*\norder_no\s+total_amount\nH-DONE\s+999\.00/);
  });

  it('falls back to the mysql probe DSN when probes.orders.dsn is not set', () => {
    const probe = ordersProbe(ordersProbeConfigSchema.parse({}), broken.dsn);
    expect(probe.target).toBe(`orders 127.0.0.1:3306/${broken.name}`);
  });
});

describe('orders check config', () => {
  const check = (sql: string, params: Record<string, number | string> = {}) => ({
    checks: [{ name: 'x', title: { en: 'X', 'zh-CN': 'X' }, sql, params }],
  });
  const messages = (input: unknown): string[] => {
    const r = ordersProbeConfigSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('ships default checks that pass its own validation', () => {
    const cfg = ordersProbeConfigSchema.parse(undefined);
    expect(cfg.checks.map((c) => c.name)).toEqual(['paid-not-updated', 'oversold', 'stuck-processing', 'stale-inventory-locks']);
    expect(cfg.checks.find((c) => c.name === 'stuck-processing')?.params).toEqual({ hours: 72 });
    expect(cfg.dsn).toBeUndefined();
  });

  it('rejects writes, several statements and locking reads at parse time, with a clear message', () => {
    expect(messages(check('UPDATE orders SET status = 1'))).toEqual([
      'checks.0.sql: must be a single read-only SELECT: must start with SELECT or WITH',
    ]);
    expect(messages(check('SELECT 1; DELETE FROM orders'))).toEqual([
      "checks.0.sql: must be a single read-only SELECT: only one statement is allowed (found ';' before the end)",
    ]);
    expect(messages(check('SELECT * FROM orders FOR UPDATE'))).toEqual([
      'checks.0.sql: must be a single read-only SELECT: UPDATE is not allowed: a check must be one read-only SELECT',
    ]);
    expect(messages(check("SELECT * FROM orders INTO OUTFILE '/tmp/x'"))[0]).toMatch(/INTO is not allowed/);
    expect(messages(check('SELECT * FROM orders LOCK IN SHARE MODE'))[0]).toMatch(/LOCK is not allowed/);
    expect(messages(check('SELECT 1 /*!50000 , SLEEP(10) */'))[0]).toMatch(/comments are not allowed/);
    expect(messages(check('SELECT * FROM orders WHERE id = ?'))[0]).toMatch(/use :name placeholders/);
  });

  it('rejects parameters the SQL does not use and placeholders without a value', () => {
    expect(messages(check('SELECT * FROM orders WHERE id > :min', { mni: 1 }))).toEqual([
      'checks.0.params.min: the SQL uses :min but params.min is missing',
      'checks.0.params.mni: params.mni is not used by the SQL (no :mni)',
    ]);
  });

  it('rejects duplicate names, bad slugs and unknown keys', () => {
    const c = { name: 'dup', title: { en: 'D', 'zh-CN': 'D' }, sql: 'SELECT 1' };
    expect(messages({ checks: [c, c] })).toEqual(['checks: check names must be unique']);
    expect(messages({ checks: [{ ...c, name: 'Not A Slug' }] })[0]).toMatch(/checks.0.name: must be a lowercase slug/);
    expect(messages({ checkz: [] })[0]).toMatch(/checkz/);
  });

  it('compiles :name placeholders outside literals only', () => {
    const r = checkSelectOnly("SELECT ':x', `a:b` FROM t WHERE a = :a AND b = \"it's :c\" AND c < :c2;");
    expect(r).toEqual({
      ok: true,
      compiled: { sql: "SELECT ':x', `a:b` FROM t WHERE a = ? AND b = \"it's :c\" AND c < ?", params: ['a', 'c2'] },
    });
  });
});
