import { z } from 'zod';

/**
 * `http:` — zhiban's one HTTP server (health, readiness, metrics, ack links, Slack HTTP mode).
 * Without this section `zhiban start` serves HTTP only when `publicUrl` is set or Slack runs in
 * HTTP mode; `ZHIBAN_HTTP_PORT` overrides `port`. With `token` (use `${ZHIBAN_METRICS_TOKEN}`),
 * `/metrics` and `/readyz` answer only requests with `Authorization: Bearer <token>`.
 */
export const httpConfigSchema = z
  .strictObject({
    /** Default 8080 (in Slack HTTP mode without this section: `PORT`, default 3000). */
    port: z.number().int().min(0).max(65535).optional(),
    /** Interface to listen on (default: all). */
    host: z.string().min(1).optional(),
    token: z.string().min(16, 'at least 16 characters (e.g. openssl rand -hex 24)').optional(),
  })
  .optional();

/** The validated `http:` section (undefined when absent). */
export type HttpConfig = z.infer<typeof httpConfigSchema>;
