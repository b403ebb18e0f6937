import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { mysqlProbeConfigSchema } from './config.js';

/** `/check mysql` (manual 2.2, 2.4, 2.10): connections, threads, long queries, lock waits, deadlocks. */
const family: ProbeFamily<'mysql', typeof mysqlProbeConfigSchema> = {
  section: 'mysql',
  schema: mysqlProbeConfigSchema,
  targets: [{ name: 'mysql', hint: L('2.2/2.4/2.10', '2.2/2.4/2.10'), build: async (env) => [(await import('./probe.js')).mysqlProbe(env.config.mysql)] }],
};

export default family;
