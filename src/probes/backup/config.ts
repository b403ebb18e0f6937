import { z } from 'zod';
import { targetSlug, uniqueNamedList } from '../config-parts.js';

/** A file-name pattern: `*` and `?` wildcards, no folder part. */
const pattern = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/\\]+$/, 'a file name pattern such as mall_*.sql.gz (no folder: put that in dir)');

/**
 * One backup folder (manual 5): the newest file of each pattern is checked for age, size against
 * the one before it, and integrity. Ages are in hours (daily backups: warn after 26 h, crit after 50 h).
 */
export const backupLocationSchema = z
  .strictObject({
    /** Slug shown as `backup <name>`. */
    name: targetSlug,
    /** An absolute folder; it is only listed and read. */
    dir: z.string().regex(/^\//, 'an absolute path'),
    patterns: z.array(pattern).nonempty(),
    warnHours: z.number().positive().default(26),
    critHours: z.number().positive().default(50),
    /** A newest file this many percent smaller than the one before it is suspect (warn). */
    shrinkPercent: z.number().min(1).max(100).default(80),
    /** Read gzip/tar/SQL files to the end to prove them readable (within the probe's time). */
    integrity: z.boolean().default(true),
  })
  .refine((l) => l.critHours > l.warnHours, { message: 'critHours must be greater than warnHours', path: ['critHours'] });

/** One validated backup location. */
export type BackupLocation = z.output<typeof backupLocationSchema>;

/** Config of the backup probe, under `probes.backup`; no locations by default, names unique. */
export const backupProbeConfigSchema = z
  .strictObject({
    locations: uniqueNamedList(backupLocationSchema, 'location'),
  })
  .prefault({});

/** A complete, validated backup probe config. */
export type BackupProbeConfig = z.output<typeof backupProbeConfigSchema>;
