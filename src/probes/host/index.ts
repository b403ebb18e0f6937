import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { hostProbeConfigSchema } from './config.js';

/** `/check host` (load, memory) and `/check disk` (manual 2.7), both configured under `probes.host`. */
const family: ProbeFamily<'host', typeof hostProbeConfigSchema> = {
  section: 'host',
  schema: hostProbeConfigSchema,
  targets: [
    { name: 'host', hint: L('load, memory', '负载、内存'), build: async (env) => [(await import('./host.js')).hostProbe(env.config.host)] },
    {
      name: 'disk',
      hint: L('2.7', '2.7'),
      build: async ({ config, docker }) => [(await import('./disk.js')).diskProbe(config.host, config.host.dockerDiskUsage ? docker() : undefined)],
    },
  ],
};

export default family;
