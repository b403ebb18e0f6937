import { z } from 'zod';

const pct = z.number().min(0).max(100);

/**
 * Config of the Redis probe, found under `probes.redis`. Every field has a default, so
 * `parse(undefined)` and `parse({})` give a complete config for a fresh machine. The URL may carry
 * a password (`redis://:${REDIS_PASSWORD}@host:6379/0`); it is used to connect and never shown.
 */
export const redisProbeConfigSchema = z
  .object({
    url: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'expected redis://[user:password@]host[:port][/db] or rediss://…')
      .refine((u) => URL.canParse(u), 'not a valid URL')
      .default('redis://127.0.0.1:6379'),
    memoryWarnPct: pct.default(80),
    memoryCritPct: pct.default(95),
    clientsWarnPct: pct.default(80),
    /** mem_fragmentation_ratio above this warns (only once Redis holds enough memory to matter). */
    fragmentationWarn: z.number().min(1).default(1.5),
    latencyWarnMs: z.number().positive().default(50),
    /** Key patterns counted with SCAN MATCH (never KEYS); 2.6 stock locks by default. */
    patterns: z.array(z.string().min(1)).max(20).default(['stock:lock:*']),
    /** Counting stops at this many keys per pattern and reports "≥ N". */
    scanLimit: z.number().int().min(1).max(1_000_000).default(10_000),
  })
  .refine((c) => c.memoryWarnPct <= c.memoryCritPct, {
    message: 'memoryWarnPct must not exceed memoryCritPct',
    path: ['memoryWarnPct'],
  })
  .prefault({});

/** A complete, validated Redis probe config. */
export type RedisProbeConfig = z.output<typeof redisProbeConfigSchema>;
