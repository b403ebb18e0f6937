import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { namedListTarget } from '../named-targets.js';
import { tlsProbeConfigSchema } from './config.js';

/** `/check tls [name]` (manual 2.9): certificate, chain, host name, expiry and TLS version of the public endpoints. */
const family: ProbeFamily<'tls', typeof tlsProbeConfigSchema> = {
  section: 'tls',
  schema: tlsProbeConfigSchema,
  targets: [
    namedListTarget({
      name: 'tls',
      hint: L('certificates, 2.9', '证书，2.9'),
      nameArg: L('an endpoint name', '端点名称'),
      section: 'probes.tls.targets',
      names: (config) => config.tls.targets.map((t) => t.name),
      load: async (config) => (await import('./probe.js')).tlsProbes(config.tls),
    }),
  ],
};

export default family;
