import { z } from 'zod';

const pct = z.number().min(0).max(100);

/**
 * Config of the disk and host probes, mounted at `probes.host`. A threshold is reached at or
 * above its value (percent used). Mount it with `.prefault({})` so the inner defaults apply to a
 * missing section.
 */
export const hostProbeConfigSchema = z
  .strictObject({
    /** Paths whose file systems are checked; relative paths are resolved against the working directory. */
    disks: z.array(z.string().min(1)).min(1).default(['./data', '/']),
    diskWarnPct: pct.default(80),
    diskCritPct: pct.default(90),
    inodeWarnPct: pct.default(90),
    memoryWarnPct: pct.default(90),
    /** 1-minute load average per CPU core at which the host warns. */
    loadWarnPerCore: z.number().min(0).default(2),
    /** Add `docker system df` totals to the disk probe when an engine is given. */
    dockerDiskUsage: z.boolean().default(true),
  })
  .refine((c) => c.diskWarnPct <= c.diskCritPct, {
    message: 'diskWarnPct must not be above diskCritPct',
    path: ['diskWarnPct'],
  });

/** Parsed `probes.host` config. */
export type HostProbeConfig = z.infer<typeof hostProbeConfigSchema>;
