import { z } from 'zod';

/**
 * `actions.dockerCleanup` (manual 2.7): which stopped containers and dangling images `/cleanup
 * docker` may remove. `labels` narrows both to those carrying every listed label (`key` or
 * `key=value`, as `docker … prune --filter label=…`), e.g. the compose project of the mall.
 * Containers of the configured services (probes.docker.services) are never removed: they hold
 * the logs of the last failure and `/restart` needs them.
 */
export const dockerCleanupConfigSchema = z
  .strictObject({
    labels: z.array(z.string().regex(/^[^=\s]+(=\S*)?$/, 'key or key=value')).default([]),
    /** Most containers and most images one request removes (the rest waits for the next one). */
    maxItems: z.number().int().min(1).max(500).default(50),
  })
  .prefault({});

/** Parsed `actions.dockerCleanup`. */
export type DockerCleanupConfig = z.output<typeof dockerCleanupConfigSchema>;
