import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { ordersProbeConfigSchema } from './config.js';

/** `/check orders` (manual 2.5, 2.6): read-only SQL checks for order and stock anomalies; the DSN defaults to mysql's. */
const family: ProbeFamily<'orders', typeof ordersProbeConfigSchema> = {
  section: 'orders',
  schema: ordersProbeConfigSchema,
  targets: [{ name: 'orders', hint: L('2.5/2.6', '2.5/2.6'), build: async (env) => [(await import('./probe.js')).ordersProbe(env.config.orders, env.config.mysql.dsn)] }],
};

export default family;
