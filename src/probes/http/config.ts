import { z } from 'zod';

const status = z.number().int().min(100).max(599);

/** One URL the HTTP probe checks (like `curl -o /dev/null -w "%{http_code} %{time_total}"`). */
export const httpTargetSchema = z
  .object({
    /** Slug shown as `http <name>`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes'),
    url: z
      .url({ protocol: /^https?$/ })
      .refine((u) => !new URL(u).username && !new URL(u).password, 'no credentials in the URL: use headers'),
    method: z.enum(['GET', 'HEAD']).default('GET'),
    /** Expected status codes; anything else is crit. */
    expectStatus: z
      .union([status, z.array(status).nonempty()])
      .transform((s) => (Array.isArray(s) ? s : [s]))
      .default([200]),
    slowMs: z.number().positive().default(1000),
    critMs: z.number().positive().optional(),
    /** Request headers; values may be secrets (`${API_TOKEN}`) and are redacted from every result. */
    headers: z.record(z.string().min(1), z.string()).optional(),
    /** A substring the body (its first 64 KiB) must contain. */
    contains: z.string().min(1).optional(),
  })
  .refine((t) => t.critMs === undefined || t.critMs > t.slowMs, {
    message: 'critMs must be greater than slowMs',
    path: ['critMs'],
  })
  .refine((t) => t.contains === undefined || t.method === 'GET', {
    message: 'contains needs method GET (HEAD has no body)',
    path: ['contains'],
  });

/** One validated HTTP target. */
export type HttpTarget = z.output<typeof httpTargetSchema>;

/**
 * Config of the HTTP probe, found under `probes.http`. A fresh machine has no targets (the probe
 * then says how to add some); target names are unique.
 */
export const httpProbeConfigSchema = z
  .object({
    targets: z
      .array(httpTargetSchema)
      .default([])
      .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, 'target names must be unique'),
  })
  .prefault({});

/** A complete, validated HTTP probe config. */
export type HttpProbeConfig = z.output<typeof httpProbeConfigSchema>;
