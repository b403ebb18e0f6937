import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { pickNamed } from '../named-targets.js';
import { backupProbeConfigSchema } from './config.js';

/** `/check backup [name]` (manual 5): newest backup per pattern, its age, size and integrity. */
const family: ProbeFamily<'backup', typeof backupProbeConfigSchema> = {
  section: 'backup',
  schema: backupProbeConfigSchema,
  targets: [{
    name: 'backup',
    hint: L('backups, 5', '备份，5'),
    nameArg: L('a backup location name', '备份位置名称'),
    inAll: (config) => config.backup.locations.length > 0,
    async build({ config }, name) {
      const all = (await import('./probe.js')).backupProbes(config.backup);
      return pickNamed(all, 'backup', name, config.backup.locations.map((t) => t.name), 'probes.backup.locations');
    },
  }],
};

export default family;
