import { UserError } from '../../core/errors.js';
import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { httpProbeConfigSchema } from './config.js';

/** `/check http [name]` (manual 2.4, 2.8): the configured URLs, status and time; an unknown name lists the configured ones. */
const family: ProbeFamily<'http', typeof httpProbeConfigSchema> = {
  section: 'http',
  schema: httpProbeConfigSchema,
  targets: [{
    name: 'http',
    hint: L('2.4/2.8', '2.4/2.8'),
    nameArg: L('a target name', '目标名称'),
    async build({ config }, name) {
      const all = (await import('./probe.js')).httpProbes(config.http);
      const chosen = name ? all.filter((p) => p.target === `http ${name}`) : all;
      if (chosen.length > 0 || !name) return chosen;
      const known = config.http.targets.map((t) => t.name);
      throw new UserError('check.unknownHttp', { name, known: known.length ? known.join(', ') : '—' }, { showUsage: true });
    },
  }],
};

export default family;
