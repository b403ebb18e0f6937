import { z } from 'zod';
import { uniqueNamedList } from '../config-parts.js';

/** One RabbitMQ queue to watch: its depth thresholds and whether it is a dead-letter queue. */
export const mqQueueSchema = z
  .strictObject({
    /** The queue's name as declared by the application (`order.paid`, `order.dlq`). */
    name: z.string().min(1).max(255),
    /** Messages ready above which the queue warns, and (optionally) is critical. */
    warnDepth: z.number().int().nonnegative().default(1000),
    critDepth: z.number().int().positive().optional(),
    /** A dead-letter queue: no consumer is normal, but growth between two readings warns. */
    deadLetter: z.boolean().default(false),
  })
  .refine((q) => q.critDepth === undefined || q.critDepth > q.warnDepth, { message: 'critDepth must be greater than warnDepth', path: ['critDepth'] });

/** One validated queue. */
export type MqQueue = z.output<typeof mqQueueSchema>;

/**
 * Config of the RabbitMQ probe, under `probes.mq`: the AMQP URL (the password as `${ENV}`), the
 * queues, and optionally the management API (HTTP) for unacknowledged messages and rates.
 */
export const mqProbeConfigSchema = z
  .strictObject({
    url: z.string().regex(/^amqps?:\/\//, 'an amqp:// or amqps:// URL').default('amqp://guest:guest@127.0.0.1:5672'),
    queues: uniqueNamedList(mqQueueSchema, 'queue'),
    management: z
      .strictObject({
        url: z.url({ protocol: /^https?$/ }).refine((u) => !new URL(u).username && !new URL(u).password, 'no credentials in the URL: use user and password'),
        user: z.string().min(1).default('guest'),
        password: z.string().default('guest'),
      })
      .optional(),
  })
  .prefault({});

/** A complete, validated RabbitMQ probe config. */
export type MqProbeConfig = z.output<typeof mqProbeConfigSchema>;
