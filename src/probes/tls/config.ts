import { z } from 'zod';
import { targetSlug, uniqueNamedList } from '../config-parts.js';

/**
 * One public endpoint the TLS probe checks (manual 2.9: the mini-program's `API_BASE_URL`). An
 * `http://` URL is accepted so the probe can say it is not HTTPS (the mini-program refuses it).
 */
export const tlsTargetSchema = z
  .strictObject({
    /** Slug shown as `tls <name>`. */
    name: targetSlug,
    url: z
      .url({ protocol: /^https?$/ })
      .refine((u) => !new URL(u).username && !new URL(u).password, 'no credentials in the URL'),
    /** A PEM file with extra trusted CA certificates (a private CA), added to the system's roots. */
    ca: z.string().min(1).optional(),
    /** Days before expiry that warn, and that are critical (an expired certificate is always crit). */
    warnDays: z.number().int().positive().default(30),
    critDays: z.number().int().positive().default(7),
  })
  .refine((t) => t.critDays < t.warnDays, { message: 'critDays must be less than warnDays', path: ['critDays'] });

/** One validated TLS endpoint. */
export type TlsTarget = z.output<typeof tlsTargetSchema>;

/** Config of the TLS probe, under `probes.tls`; no endpoints by default, names unique. */
export const tlsProbeConfigSchema = z
  .strictObject({
    targets: uniqueNamedList(tlsTargetSchema, 'target'),
  })
  .prefault({});

/** A complete, validated TLS probe config. */
export type TlsProbeConfig = z.output<typeof tlsProbeConfigSchema>;
