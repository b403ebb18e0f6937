import { z } from 'zod';
import type { ProbeFamily } from '../probes/define.js';
import { PROBES } from '../probes/registry.js';

/** One `probes.<section>` entry per family, each defaulted when missing. */
type SectionShape<F extends readonly ProbeFamily[]> = { [P in F[number] as P['section']]: z.ZodPrefault<P['schema']> };

/**
 * The `probes:` schema of some probe families: `timeoutMs` plus one strict section per family,
 * unknown sections refused. The app uses the registry's (`probesConfigSchema`).
 */
export function probesSchemaOf<F extends readonly ProbeFamily[]>(families: F) {
  const sections = Object.fromEntries(families.map((f) => [f.section, f.schema.prefault({})])) as SectionShape<F>;
  return z.strictObject({
    /** Hard deadline of every probe; `/check all` takes at most this long. */
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    ...sections,
  });
}

/**
 * `probes:` in zhiban.yml: targets and thresholds of the read-only diagnostics, one section per
 * family in the probe registry. With nothing configured every target points at this machine
 * (MariaDB/MySQL on 127.0.0.1:3306 as root, Redis on 127.0.0.1:6379, Docker at DOCKER_HOST or the
 * default socket, the data folder's disk).
 */
export const probesConfigSchema = probesSchemaOf(PROBES);

/** Parsed `probes:` section. */
export type ProbesConfig = z.infer<typeof probesConfigSchema>;
