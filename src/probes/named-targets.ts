import { UserError } from '../core/errors.js';
import type { Probe } from './types.js';

/**
 * The probes of `family` for `/check <family> [name]`: all of them without a name, else the one
 * whose target is `<family> <name>`. An unknown name is a UserError listing the configured names
 * and the config path (`section`) where they live.
 */
export function pickNamed(all: Probe[], family: string, name: string | undefined, known: string[], section: string): Probe[] {
  if (!name) return all;
  const chosen = all.filter((p) => p.target === `${family} ${name}`);
  if (chosen.length > 0) return chosen;
  throw new UserError('check.unknownNamed', { target: family, name, known: known.length ? known.join(', ') : '—', section }, { showUsage: true });
}
