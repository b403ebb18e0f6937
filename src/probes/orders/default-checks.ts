import type { OrderCheckInput } from './config.js';

/**
 * Anomaly checks for the mall schema, shipped as defaults for `probes.orders.checks`. The schema
 * they assume (adapt the SQL in config when yours differs):
 *
 *   orders          (id BIGINT PK, order_no VARCHAR UNIQUE, user_id BIGINT, status TINYINT,
 *                    total_amount DECIMAL, pay_time DATETIME NULL, created_at DATETIME, updated_at DATETIME)
 *                    status: 0 待支付 unpaid · 1 待发货 paid, awaiting shipment · 2 已发货 shipped ·
 *                            3 已完成 completed · 4 已取消 cancelled
 *   order_items     (id BIGINT PK, order_id BIGINT, sku_id BIGINT, quantity INT)
 *   product_skus    (id BIGINT PK, name VARCHAR, stock INT  — units still sellable,
 *                    sold INT — units deducted by paid orders)
 *   inventory_locks (id BIGINT PK, order_id BIGINT, sku_id BIGINT, quantity INT,
 *                    is_locked TINYINT — 1 while the order holds the stock, locked_at DATETIME)
 *
 * The WeChat Pay callback sets pay_time and status = 1 in one transaction and releases the
 * order's inventory locks; cancelling an order releases them too. Each check returns the
 * offending rows, identifier first (it is quoted in the finding).
 */
export const DEFAULT_ORDER_CHECKS: readonly OrderCheckInput[] = Object.freeze<OrderCheckInput[]>([
  {
    name: 'paid-not-updated',
    title: { en: 'Paid but order still unpaid', 'zh-CN': '已支付但订单未更新' },
    sql: `SELECT o.order_no, o.id, o.status, o.pay_time, o.updated_at
      FROM orders o
      WHERE o.status = 0 AND o.pay_time IS NOT NULL AND o.pay_time < NOW() - INTERVAL :graceMinutes MINUTE
      ORDER BY o.pay_time`,
    params: { graceMinutes: 5 },
    verdict: 'crit',
    manual: '2.5',
    advice: {
      en: 'query the payment in the WeChat Pay merchant platform, then set status 1 and deduct stock',
      'zh-CN': '在微信支付商户平台查询支付状态，再将订单状态改为 1 并扣减库存',
    },
  },
  {
    name: 'oversold',
    title: { en: 'Oversold SKUs', 'zh-CN': '库存超卖的 SKU' },
    sql: `SELECT s.id AS sku_id, s.name, s.stock, s.sold, COALESCE(p.paid_quantity, 0) AS paid_quantity
      FROM product_skus s
      LEFT JOIN (SELECT i.sku_id, SUM(i.quantity) AS paid_quantity
                 FROM order_items i JOIN orders o ON o.id = i.order_id
                 WHERE o.status IN (1, 2, 3)
                 GROUP BY i.sku_id) p ON p.sku_id = s.id
      WHERE s.stock < 0 OR COALESCE(p.paid_quantity, 0) > s.stock + s.sold
      ORDER BY s.id`,
    verdict: 'crit',
    manual: '2.6',
    advice: {
      en: 'take the SKU off sale, correct its stock, contact the affected buyers',
      'zh-CN': '先下架该商品，校正库存，联系受影响的用户协商退款或延期发货',
    },
  },
  {
    name: 'stuck-processing',
    title: { en: 'Zombie orders stuck awaiting shipment', 'zh-CN': '僵尸订单（长时间待发货）' },
    sql: `SELECT o.order_no, o.id, o.status, o.pay_time,
        TIMESTAMPDIFF(HOUR, COALESCE(o.pay_time, o.created_at), NOW()) AS hours
      FROM orders o
      WHERE o.status = 1 AND COALESCE(o.pay_time, o.created_at) < NOW() - INTERVAL :hours HOUR
      ORDER BY COALESCE(o.pay_time, o.created_at)`,
    params: { hours: 72 },
    verdict: 'warn',
    advice: {
      en: 'check the warehouse/ERP link and risk-control holds, then retry fulfilment',
      'zh-CN': '检查仓库/ERP 对接与风控拦截，再重试履约',
    },
  },
  {
    name: 'stale-inventory-locks',
    title: { en: 'Ghost orders still holding stock', 'zh-CN': '幽灵订单（库存锁未释放）' },
    sql: `SELECT COALESCE(o.order_no, CONCAT('#', l.order_id)) AS order_no, l.order_id, l.sku_id,
        o.status, l.locked_at
      FROM inventory_locks l LEFT JOIN orders o ON o.id = l.order_id
      WHERE l.is_locked = 1
        AND (o.id IS NULL OR o.status <> 0 OR l.locked_at < NOW() - INTERVAL :minutes MINUTE)
      ORDER BY l.locked_at`,
    params: { minutes: 30 },
    verdict: 'warn',
    manual: '2.6',
    advice: {
      en: 'release the lock (is_locked = 0) for these orders after checking their payment',
      'zh-CN': '核对支付状态后释放这些订单的库存锁（is_locked = 0）',
    },
  },
]);
