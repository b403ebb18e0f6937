import { L } from '../../core/i18n/index.js';
import type { ProbeFamily } from '../define.js';
import { namedListTarget } from '../named-targets.js';
import { backupProbeConfigSchema } from './config.js';

/** `/check backup [name]` (manual 5): newest backup per pattern, its age, size and integrity. */
const family: ProbeFamily<'backup', typeof backupProbeConfigSchema> = {
  section: 'backup',
  schema: backupProbeConfigSchema,
  targets: [
    namedListTarget({
      name: 'backup',
      hint: L('backups, 5', '备份，5'),
      nameArg: L('a backup location name', '备份位置名称'),
      section: 'probes.backup.locations',
      names: (config) => config.backup.locations.map((l) => l.name),
      load: async (config) => (await import('./probe.js')).backupProbes(config.backup),
    }),
  ],
};

export default family;
