import { UserError } from '../core/errors.js';
import type { Localized } from '../core/i18n/index.js';
import type { ProbesConfig } from '../diagnostics/config.js';
import type { CheckTargetDef } from './define.js';
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

/** A `/check` target over a configured list of named entries (endpoints, locations). */
export interface NamedListTarget {
  name: string;
  hint: Localized;
  nameArg: Localized;
  /** Where the list lives in zhiban.yml, for messages: `probes.tls.targets`. */
  section: string;
  /** The configured entries' names, in config order. */
  names(config: ProbesConfig): string[];
  /** One probe per entry (or one "not configured" probe); loads the probe code on first use. */
  load(config: ProbesConfig): Promise<Probe[]>;
}

/**
 * A check target whose probes are one per configured entry: `/check <name> [entry]` picks one,
 * and it joins `/check all` only once something is configured.
 */
export function namedListTarget(t: NamedListTarget): CheckTargetDef {
  return {
    name: t.name,
    hint: t.hint,
    nameArg: t.nameArg,
    inAll: (config) => t.names(config).length > 0,
    build: async ({ config }, name) => pickNamed(await t.load(config), t.name, name, t.names(config), t.section),
  };
}
