import type Docker from 'dockerode';
import type { z } from 'zod';
import type { Localized } from '../core/i18n/index.js';
import type { ProbesConfig } from '../diagnostics/config.js';
import type { Probe } from './types.js';

/** What a check target's probes are built from: the parsed `probes:` section and shared clients. */
export interface ProbeEnv {
  /** The whole `probes:` section; a target may read a sibling section (orders falls back to mysql's DSN). */
  config: ProbesConfig;
  /** The Docker engine client of `probes.docker`, created on first use and shared by every target. */
  docker: () => Docker;
}

/**
 * One `/check` target. Its name, `hint` and `nameArg` generate the usage and help of `/check`;
 * a target without `nameArg` refuses a name. `build` throws only a UserError (bad name), before
 * anything runs; the probes it returns never throw (see Probe). `inAll: false` keeps it out of `/check all`;
 * a function decides from the config (a family with nothing configured stays out of `/check all`).
 */
export interface CheckTargetDef {
  name: string;
  /** What it looks at and the manual's sections, e.g. `containers, 2.1`. */
  hint: Localized;
  /** What the optional name after the target means (a service, a URL name, a key pattern). */
  nameArg?: Localized;
  inAll?: boolean | ((config: ProbesConfig) => boolean);
  build(env: ProbeEnv, name: string | undefined): Promise<Probe[]>;
}

/**
 * A probe family: one folder under `src/probes/`, registered by one line in `registry.ts`. It owns
 * the config section `probes.<section>` (its `schema` must accept `{}` and give the defaults; the
 * registry mounts it with `.prefault({})`) and the `/check` targets it answers.
 */
export interface ProbeFamily<N extends string = string, S extends z.ZodType = z.ZodType> {
  section: N;
  schema: S;
  targets: CheckTargetDef[];
}
