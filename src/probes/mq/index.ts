import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { mqProbeConfigSchema } from './config.js';

/** `/check mq` (the article's split-personality orders): RabbitMQ queue depth, consumers, dead letters. */
const family: ProbeFamily<'mq', typeof mqProbeConfigSchema> = {
  section: 'mq',
  schema: mqProbeConfigSchema,
  targets: [{
    name: 'mq',
    hint: L('RabbitMQ queues', 'RabbitMQ 队列'),
    inAll: (config) => config.mq.queues.length > 0,
    build: async ({ config }) => [(await import('./probe.js')).mqProbe(config.mq)],
  }],
};

export default family;
