import { z } from 'zod';
import { redisStoreConfigSchema } from './redis/config.js';

/** `store.kind: file` — the embedded default: the data folder (`dataDir`, or `--data`) on this machine. */
const fileStoreSchema = z.strictObject({ kind: z.literal('file') });

/** `store.kind: memory` — nothing survives the process: for trials and tests only. */
const memoryStoreSchema = z.strictObject({ kind: z.literal('memory') });

/**
 * `store:` in zhiban.yml — which Store implementation a process opens. One variant per kind,
 * selected by `kind` (another backend adds its own variant, e.g. `redis` with its `url`).
 */
export const storeConfigSchema = z.discriminatedUnion('kind', [fileStoreSchema, memoryStoreSchema, redisStoreConfigSchema]).default({ kind: 'file' });

/** The validated `store:` section. */
export type StoreConfig = z.infer<typeof storeConfigSchema>;
