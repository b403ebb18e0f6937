import type { Connection } from 'mysql2/promise';

/** The mall tables the default order checks assume (see src/probes/orders/default-checks.ts). */
const MALL_DDL = [
  `CREATE TABLE orders (
    id BIGINT PRIMARY KEY, order_no VARCHAR(32) NOT NULL UNIQUE, user_id BIGINT NOT NULL,
    status TINYINT NOT NULL, total_amount DECIMAL(10, 2) NOT NULL DEFAULT 0,
    pay_time DATETIME NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL)`,
  `CREATE TABLE order_items (
    id BIGINT AUTO_INCREMENT PRIMARY KEY, order_id BIGINT NOT NULL, sku_id BIGINT NOT NULL, quantity INT NOT NULL)`,
  `CREATE TABLE product_skus (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, stock INT NOT NULL, sold INT NOT NULL)`,
  `CREATE TABLE inventory_locks (
    id BIGINT AUTO_INCREMENT PRIMARY KEY, order_id BIGINT NOT NULL, sku_id BIGINT NOT NULL,
    quantity INT NOT NULL, is_locked TINYINT NOT NULL, locked_at DATETIME NOT NULL)`,
];

/** One order with its single item and optional inventory lock; times are hours before the server's NOW(). */
interface OrderRow {
  id: number;
  orderNo: string;
  status: 0 | 1 | 2 | 3 | 4;
  total?: number;
  paidHoursAgo?: number;
  createdHoursAgo: number;
  sku: number;
  quantity: number;
  lock?: { locked: boolean; hoursAgo: number };
}

async function insertSkus(conn: Connection, skus: Array<[number, string, number, number]>): Promise<void> {
  for (const sku of skus) await conn.query('INSERT INTO product_skus (id, name, stock, sold) VALUES (?, ?, ?, ?)', sku);
}

async function insertOrders(conn: Connection, orders: OrderRow[]): Promise<void> {
  for (const o of orders) {
    await conn.query(
      `INSERT INTO orders (id, order_no, user_id, status, total_amount, pay_time, created_at, updated_at)
       VALUES (?, ?, 1000 + ?, ?, ?, IF(? IS NULL, NULL, NOW() - INTERVAL ? MINUTE),
               NOW() - INTERVAL ? MINUTE, NOW() - INTERVAL ? MINUTE)`,
      [o.id, o.orderNo, o.id, o.status, o.total ?? 99, o.paidHoursAgo ?? null, (o.paidHoursAgo ?? 0) * 60,
        o.createdHoursAgo * 60, o.createdHoursAgo * 60],
    );
    await conn.query('INSERT INTO order_items (order_id, sku_id, quantity) VALUES (?, ?, ?)', [o.id, o.sku, o.quantity]);
    if (o.lock) {
      await conn.query(
        `INSERT INTO inventory_locks (order_id, sku_id, quantity, is_locked, locked_at)
         VALUES (?, ?, ?, ?, NOW() - INTERVAL ? MINUTE)`,
        [o.id, o.sku, o.quantity, o.lock.locked ? 1 : 0, o.lock.hoursAgo * 60],
      );
    }
  }
}

/** Creates the mall tables, empty. */
export async function createMallSchema(conn: Connection): Promise<void> {
  for (const ddl of MALL_DDL) await conn.query(ddl);
}

/**
 * Rows every default check must find clean: an unpaid order still inside its lock window, a
 * recently paid order, shipped, completed (total 999) and cancelled orders with released locks.
 */
export async function seedHealthyMall(conn: Connection): Promise<void> {
  await insertSkus(conn, [
    [1, 'Tea A', 100, 3],
    [2, 'Cup B', 5, 0],
    [3, 'Pot C', 10, 0],
  ]);
  await insertOrders(conn, [
    { id: 1, orderNo: 'H-UNPAID', status: 0, createdHoursAgo: 0.1, sku: 1, quantity: 1, lock: { locked: true, hoursAgo: 0.1 } },
    { id: 2, orderNo: 'H-PAID', status: 1, paidHoursAgo: 2, createdHoursAgo: 2, sku: 1, quantity: 1, lock: { locked: false, hoursAgo: 2 } },
    { id: 3, orderNo: 'H-SHIPPED', status: 2, paidHoursAgo: 120, createdHoursAgo: 120, sku: 1, quantity: 1 },
    { id: 4, orderNo: 'H-DONE', status: 3, total: 999, paidHoursAgo: 240, createdHoursAgo: 240, sku: 1, quantity: 1 },
    { id: 5, orderNo: 'H-CANCELLED', status: 4, createdHoursAgo: 48, sku: 3, quantity: 2, lock: { locked: false, hoursAgo: 48 } },
  ]);
}

/** What `seedBrokenMall` planted, one anomaly per default check. */
export const BROKEN = {
  paidNotUpdated: 'B-PAID',
  oversoldSkuId: 4,
  stuckOrderNo: 'B-STUCK',
  staleLockOrderNo: 'B-GHOST',
} as const;

/**
 * Adds exactly one anomaly per default check (see BROKEN): SKU 4 with two paid units but only
 * one ever available; B-PAID paid an hour ago but still status 0 (the callback was lost); B-STUCK
 * paid 100 hours ago and never shipped; B-GHOST cancelled while its inventory lock is still held.
 */
export async function seedBrokenMall(conn: Connection): Promise<void> {
  await insertSkus(conn, [[BROKEN.oversoldSkuId, 'Limited D', 0, 1]]);
  await insertOrders(conn, [
    { id: 11, orderNo: 'B-OVERSOLD-1', status: 3, paidHoursAgo: 72, createdHoursAgo: 72, sku: BROKEN.oversoldSkuId, quantity: 1 },
    { id: 12, orderNo: 'B-OVERSOLD-2', status: 3, paidHoursAgo: 71, createdHoursAgo: 71, sku: BROKEN.oversoldSkuId, quantity: 1 },
    { id: 13, orderNo: BROKEN.paidNotUpdated, status: 0, paidHoursAgo: 1, createdHoursAgo: 1, sku: 1, quantity: 1 },
    { id: 14, orderNo: BROKEN.stuckOrderNo, status: 1, paidHoursAgo: 100, createdHoursAgo: 100, sku: 3, quantity: 1, lock: { locked: false, hoursAgo: 100 } },
    { id: 15, orderNo: BROKEN.staleLockOrderNo, status: 4, createdHoursAgo: 3, sku: 3, quantity: 1, lock: { locked: true, hoursAgo: 3 } },
  ]);
}
