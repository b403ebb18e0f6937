import { z } from 'zod';

/**
 * `store: { kind: redis, … }` in zhiban.yml: where the Redis store is (a URL, or Sentinels and
 * the primary's name), the key prefix, how many replicas must confirm each write, and the
 * deadline of every command. Either `url` or `sentinels` is required.
 */
export const redisStoreConfigSchema = z
  .strictObject({
    kind: z.literal('redis'),
    url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL, e.g. ${ZHIBAN_REDIS_URL}').optional(),
    sentinels: z
      .array(z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535) }))
      .min(1)
      .optional(),
    name: z.string().min(1).default('mymaster'),
    prefix: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits, ".", "_", ":" or "-"').default('zhiban:'),
    waitReplicas: z.number().int().min(0).max(10).default(0),
    timeoutMs: z.number().int().min(100).max(60_000).default(3000),
  })
  .refine((c) => c.url !== undefined || c.sentinels !== undefined, { message: 'give url (redis://…) or sentinels with name' });

/** The validated Redis store settings. */
export type RedisStoreConfig = z.infer<typeof redisStoreConfigSchema>;
