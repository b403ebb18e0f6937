import type { Connection, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsConfigSchema } from '../../src/actions/config.js';
import type { Actions } from '../../src/actions/index.js';
import { actionsFor, handler, step, userErrorText } from '../support/actions.js';
import { createMallSchema } from '../support/mall-schema.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/mysql.js';

const releaseLock = {
  name: 'release-lock',
  title: { en: 'Release the inventory lock of an order', 'zh-CN': '释放订单的库存锁' },
  manual: '2.6',
  sql: 'UPDATE inventory_locks SET is_locked = 0 WHERE order_id = :order_id',
  preview: 'SELECT order_id, sku_id, is_locked, locked_at FROM inventory_locks WHERE order_id = :order_id',
  params: { order_id: { type: 'string', pattern: '[0-9]{1,19}', description: { en: 'the order id', 'zh-CN': '订单 ID' } } },
};
const skuOffSale = {
  name: 'sku-off-sale',
  title: { en: 'Take a SKU off sale', 'zh-CN': '商品 SKU 下架' },
  sql: 'UPDATE product_skus SET on_sale = 0 WHERE id = :sku_id',
  preview: 'SELECT id, name, on_sale FROM product_skus WHERE id = :sku_id',
  params: { sku_id: { type: 'integer', min: 1, description: { en: 'the SKU id', 'zh-CN': 'SKU ID' } } },
  risk: 'normal',
};
const skuParam = { sku_id: { type: 'integer', min: 1, description: { en: 'the SKU id', 'zh-CN': 'SKU ID' } } };
/** Its preview shows one row (LIMIT 1) but its UPDATE touches every lock of the SKU. */
const releaseSkuFirst = {
  name: 'release-sku-first',
  title: { en: 'Release the locks of a SKU', 'zh-CN': '释放 SKU 的库存锁' },
  sql: 'UPDATE inventory_locks SET is_locked = 0 WHERE sku_id = :sku_id',
  preview: 'SELECT order_id, is_locked FROM inventory_locks WHERE sku_id = :sku_id ORDER BY order_id LIMIT 1',
  params: skuParam,
};
const releaseSkuAll = { ...releaseSkuFirst, name: 'release-sku-all', preview: 'SELECT order_id, is_locked FROM inventory_locks WHERE sku_id = :sku_id' };

let db: ScratchDatabase;
let admin: Connection;
let actions: Actions;

async function locked(): Promise<Record<number, number>> {
  const [rows] = await admin.query<RowDataPacket[]>('SELECT order_id, is_locked FROM inventory_locks ORDER BY order_id');
  return Object.fromEntries(rows.map((r) => [Number(r.order_id), Number(r.is_locked)]));
}

beforeAll(async () => {
  db = await createScratchDatabase();
  admin = await db.connect();
  await createMallSchema(admin);
  await admin.query('ALTER TABLE product_skus ADD COLUMN on_sale TINYINT NOT NULL DEFAULT 1');
  await admin.query("INSERT INTO product_skus (id, name, stock, sold) VALUES (1, 'Tea A', 10, 0), (2, 'Cup B', 5, 0), (3, 'Pot C', 1, 0)");
  await admin.query(
    `INSERT INTO inventory_locks (order_id, sku_id, quantity, is_locked, locked_at) VALUES
       (101, 3, 1, 1, NOW()), (102, 1, 1, 1, NOW()), (104, 1, 2, 1, NOW()), (105, 2, 1, 1, NOW())`,
  );
  actions = actionsFor({ custom: [releaseLock, skuOffSale, releaseSkuFirst, releaseSkuAll] }, { timeoutMs: 5000, mysql: { dsn: db.dsn } });
});

afterAll(() => db.dispose());

describe('custom actions against a real MariaDB', () => {
  it('are listed with their parameters for the command layer', () => {
    expect(actions.kinds()).toEqual(['restart', 'restart-all', 'docker-cleanup', 'kill-query', 'cache-purge', 'custom:release-lock', 'custom:sku-off-sale', 'custom:release-sku-first', 'custom:release-sku-all']);
    const [info] = actions.customActions();
    expect(info).toMatchObject({ name: 'release-lock', kind: 'custom:release-lock', risk: 'high', maxRows: 1, manual: '2.6' });
    expect(info?.params).toEqual([{ name: 'order_id', ...releaseLock.params.order_id }]);
    expect(actions.paramsSchema('custom:sku-off-sale')?.parse({ sku_id: '7' })).toEqual({ sku_id: 7 });
  });

  it('bound their run time by probes.timeoutMs: one deadline for the transaction, one for closing, plus slack', () => {
    expect(handler(actions, 'custom:release-lock').maxRunMs!({ order_id: '101' })).toBe(2 * 5000 + 5000);
    const quick = actionsFor({ custom: [skuOffSale] }, { timeoutMs: 800, mysql: { dsn: db.dsn } });
    expect(handler(quick, 'custom:sku-off-sale').maxRunMs!({ sku_id: 1 })).toBe(1600 + 5000);
  });

  it('release-lock changes exactly the lock of that order', async () => {
    const release = handler(actions, 'custom:release-lock');
    const preview = await release.prepare({ order_id: '101' }, step());
    expect(preview.summary.en).toBe('Release the inventory lock of an order: order_id=101 (1 rows)');
    expect(preview.summary['zh-CN']).toBe('释放订单的库存锁：order_id=101（1 行）');
    expect(preview.detail).toMatch(/order_id\s+sku_id\s+is_locked\s+locked_at\n101\s+3\s+1\s+\d{4}-/);
    expect(preview.risk).toBe('high');

    const outcome = await release.execute({ order_id: '101' }, preview.snapshot, step());
    expect(outcome.status, outcome.result.en).toBe('done');
    expect(outcome.result.en).toBe('Release the inventory lock of an order: 1 rows changed');
    expect(outcome.detail).toMatch(/\n101\s+3\s+0\s/);
    expect(await locked()).toEqual({ 101: 0, 102: 1, 104: 1, 105: 1 });
  });

  it('sku-off-sale takes exactly that SKU off sale', async () => {
    const offSale = handler(actions, 'custom:sku-off-sale');
    const preview = await offSale.prepare({ sku_id: 2 }, step());
    expect(preview.risk).toBe('normal');
    expect((await offSale.execute({ sku_id: 2 }, preview.snapshot, step())).status).toBe('done');
    const [rows] = await admin.query<RowDataPacket[]>('SELECT id, on_sale FROM product_skus ORDER BY id');
    expect(rows.map((r) => [Number(r.id), Number(r.on_sale)])).toEqual([[1, 1], [2, 0], [3, 1]]);
  });

  it('refuses parameters that fail their schema, naming what is expected', async () => {
    const release = handler(actions, 'custom:release-lock');
    const text = await userErrorText(release.prepare({ order_id: '101 OR 1=1' }, step()));
    expect(text).toContain('invalid order_id "101 OR 1=1": the order id, matching [0-9]{1,19}');
    expect(text).toContain('订单 ID，须匹配 [0-9]{1,19}');
    expect(await userErrorText(release.prepare({}, step()))).toContain('missing parameter order_id');
    const offSale = handler(actions, 'custom:sku-off-sale');
    expect(await userErrorText(offSale.prepare({ sku_id: '0' }, step()))).toContain('invalid sku_id "0": the SKU id, an integer in 1–…');
    expect(await locked()).toEqual({ 101: 0, 102: 1, 104: 1, 105: 1 });
  });

  it('refuses when the preview finds nothing to change, or more rows than maxRows', async () => {
    const release = handler(actions, 'custom:release-lock');
    expect(await userErrorText(release.prepare({ order_id: '999' }, step()))).toContain('nothing to change: the preview of release-lock finds no rows for order_id=999');
    const all = handler(actions, 'custom:release-sku-all');
    expect(await userErrorText(all.prepare({ sku_id: 1 }, step()))).toContain('finds 2 rows for sku_id=1, more than the 1 this action may change');
  });

  it('rolls back and refuses a change touching more rows than maxRows', async () => {
    const first = handler(actions, 'custom:release-sku-first');
    const preview = await first.prepare({ sku_id: 1 }, step());
    expect(preview.summary.en).toContain('(1 rows)');
    const outcome = await first.execute({ sku_id: 1 }, preview.snapshot, step());
    expect(outcome.status).toBe('refused');
    expect(outcome.result.en).toBe('release-sku-first would change 2 rows, more than its limit of 1: rolled back, nothing was changed');
    expect(await locked()).toEqual({ 101: 0, 102: 1, 104: 1, 105: 1 });
  });

  it('refuses when the rows changed between request and execution', async () => {
    const release = handler(actions, 'custom:release-lock');
    const preview = await release.prepare({ order_id: '105' }, step());
    await admin.query('UPDATE inventory_locks SET locked_at = locked_at - INTERVAL 1 HOUR WHERE order_id = 105');
    const outcome = await release.execute({ order_id: '105' }, preview.snapshot, step());
    expect(outcome.status).toBe('refused');
    expect(outcome.result.en).toContain('the rows changed since the request');
    expect(await locked()).toEqual({ 101: 0, 102: 1, 104: 1, 105: 1 });
  });
});

describe('custom action config', () => {
  const issues = (over: Record<string, unknown>): string[] => {
    const parsed = actionsConfigSchema.safeParse({ custom: [{ ...releaseLock, ...over }] });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the manual examples and fills the defaults', () => {
    const cfg = actionsConfigSchema.parse({ custom: [releaseLock, skuOffSale] });
    expect(cfg.guards).toEqual({ restartLastHealthy: false, maxKeysPerPurge: 100000, minPatternPrefix: 3 });
    expect(cfg.custom[0]).toMatchObject({ maxRows: 1, risk: 'high' });
    expect(actionsConfigSchema.prefault({}).parse(undefined)).toMatchObject({ custom: [], restartWaitSeconds: 60 });
  });

  it('rejects DDL, several statements, comments and free-form SQL', () => {
    expect(issues({ sql: 'DROP TABLE inventory_locks' })).toEqual(['custom.0.sql: must be a single UPDATE, DELETE or INSERT statement']);
    expect(issues({ sql: 'UPDATE inventory_locks SET is_locked = 0 WHERE order_id = :order_id; DROP TABLE orders' })).toEqual([
      "custom.0.sql: only one statement is allowed (found ';' before the end)",
    ]);
    expect(issues({ sql: 'UPDATE inventory_locks SET is_locked = 0 WHERE order_id = :order_id /*! , stock = 0 */' })).toEqual([
      'custom.0.sql: comments are not allowed',
    ]);
    expect(issues({ sql: 'UPDATE inventory_locks SET is_locked = 0 WHERE order_id = :order_id -- x' })).toEqual(['custom.0.sql: comments are not allowed']);
    expect(issues({ sql: 'UPDATE inventory_locks SET is_locked = 0' })[0]).toContain('needs a WHERE clause');
    expect(issues({ sql: 'DELETE FROM orders WHERE id = :order_id AND SLEEP(5)' })[0]).toContain('SLEEP is not allowed');
    expect(issues({ sql: 'UPDATE inventory_locks SET is_locked = ? WHERE order_id = :order_id' })[0]).toContain('use :name placeholders');
    expect(issues({ sql: "UPDATE inventory_locks SET is_locked = 0 WHERE order_id = :order_id AND note = ';--'" })).toEqual([]);
  });

  it('rejects a preview that is not one plain SELECT, and undeclared or unused parameters', () => {
    expect(issues({ preview: 'SELECT * FROM inventory_locks WHERE order_id = :order_id FOR UPDATE' })[0]).toMatch(/^custom\.0\.preview: UPDATE is not allowed/);
    expect(issues({ preview: 'WITH l AS (SELECT * FROM inventory_locks) SELECT * FROM l WHERE order_id = :order_id' })[0]).toContain('must start with SELECT');
    expect(issues({ sql: 'UPDATE inventory_locks SET is_locked = :state WHERE order_id = :order_id' })).toEqual(['custom.0.params: :state is used but not declared in params']);
    expect(issues({ params: { ...releaseLock.params, extra: skuParam.sku_id } })).toEqual(['custom.0.params.extra: declared but not used in sql']);
    const twice = actionsConfigSchema.safeParse({ custom: [releaseLock, releaseLock] });
    expect(twice.success ? [] : twice.error.issues.map((i) => i.message)).toEqual(['duplicate custom action "release-lock"']);
  });
});
