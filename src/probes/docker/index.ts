import { UserError } from '../../core/errors.js';
import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { dockerProbeConfigSchema } from './config.js';
import { isProbeInputError } from './errors.js';

/** `/check docker [service]` (manual 2.1): the containers of each service; an unknown service is the user's to fix. */
const family: ProbeFamily<'docker', typeof dockerProbeConfigSchema> = {
  section: 'docker',
  schema: dockerProbeConfigSchema,
  targets: [{
    name: 'docker',
    hint: L('containers, 2.1', '容器，2.1'),
    nameArg: L('a service or container', '服务或容器名'),
    async build({ config, docker }, name) {
      const { dockerProbes } = await import('./probe.js');
      try {
        return dockerProbes(config.docker, docker(), name ? { service: name } : {});
      } catch (err) {
        throw isProbeInputError(err) ? UserError.text(err.text) : err;
      }
    },
  }],
};

export default family;
