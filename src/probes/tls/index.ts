import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { pickNamed } from '../named-targets.js';
import { tlsProbeConfigSchema } from './config.js';

/** `/check tls [name]` (manual 2.9): certificate, chain, host name, expiry and TLS version of the public endpoints. */
const family: ProbeFamily<'tls', typeof tlsProbeConfigSchema> = {
  section: 'tls',
  schema: tlsProbeConfigSchema,
  targets: [{
    name: 'tls',
    hint: L('certificates, 2.9', '证书，2.9'),
    nameArg: L('an endpoint name', '端点名称'),
    inAll: (config) => config.tls.targets.length > 0,
    async build({ config }, name) {
      const all = (await import('./probe.js')).tlsProbes(config.tls);
      return pickNamed(all, 'tls', name, config.tls.targets.map((t) => t.name), 'probes.tls.targets');
    },
  }],
};

export default family;
