import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { redisProbeConfigSchema } from './config.js';

/** `/check redis [pattern]` (manual 2.3): memory, eviction, clients, replication, key counts by SCAN. */
const family: ProbeFamily<'redis', typeof redisProbeConfigSchema> = {
  section: 'redis',
  schema: redisProbeConfigSchema,
  targets: [{
    name: 'redis',
    hint: L('2.3', '2.3'),
    nameArg: L('a key pattern to count by SCAN', '用 SCAN 统计的键模式'),
    // A pattern typed here only ever reaches SCAN's MATCH argument, counted and bounded like configured ones.
    build: async ({ config }, name) => [(await import('./probe.js')).redisProbe(name ? { ...config.redis, patterns: [name] } : config.redis)],
  }],
};

export default family;
