import { z } from 'zod';
import { parseMysqlDsn } from './dsn.js';

/** A `mysql://user:password@host:port/database` DSN; the message never repeats the value (it may hold a password). */
export const mysqlDsnSchema = z
  .string()
  .refine((s) => parseMysqlDsn(s) !== undefined, {
    message: 'must look like mysql://user:password@host:3306/database',
  });

/**
 * Config of the `mysql` probe (`probes.mysql`). `parse(undefined)` and `parse({})` give a complete
 * config; unknown keys are rejected so a typo fails at start-up. Invariant: warn ≤ crit percentages.
 */
export const mysqlProbeConfigSchema = z
  .strictObject({
    dsn: mysqlDsnSchema.default('mysql://root@127.0.0.1:3306/test'),
    /** A running statement at least this old is a long query. */
    slowQuerySeconds: z.number().positive().default(5),
    /** How many long queries / lock waits are listed. */
    topN: z.number().int().min(1).max(100).default(10),
    connectionsWarnPct: z.number().min(1).max(100).default(80),
    connectionsCritPct: z.number().min(1).max(100).default(95),
    threadsRunningWarn: z.number().int().min(1).default(20),
    latencyWarnMs: z.number().positive().default(200),
    /** A deadlock detected within this many minutes is reported as a warning. */
    deadlockWindowMinutes: z.number().positive().default(60),
  })
  .refine((c) => c.connectionsWarnPct <= c.connectionsCritPct, {
    message: 'connectionsWarnPct must not exceed connectionsCritPct',
    path: ['connectionsWarnPct'],
  })
  .prefault({});

/** A complete, validated `probes.mysql` config. */
export type MysqlProbeConfig = z.infer<typeof mysqlProbeConfigSchema>;
