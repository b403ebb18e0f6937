import { z } from 'zod';
import { dockerProbeConfigSchema } from '../probes/docker/config.js';
import { hostProbeConfigSchema } from '../probes/host/config.js';
import { httpProbeConfigSchema } from '../probes/http/config.js';
import { mysqlProbeConfigSchema } from '../probes/mysql/config.js';
import { ordersProbeConfigSchema } from '../probes/orders/config.js';
import { redisProbeConfigSchema } from '../probes/redis/config.js';

/**
 * `probes:` in zhiban.yml: targets and thresholds of the read-only diagnostics. With nothing
 * configured every target points at this machine (MariaDB/MySQL on 127.0.0.1:3306 as root,
 * Redis on 127.0.0.1:6379, Docker at DOCKER_HOST or the default socket, the data folder's disk).
 */
export const probesConfigSchema = z.strictObject({
  /** Hard deadline of every probe; `/check all` takes at most this long. */
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  mysql: mysqlProbeConfigSchema.prefault({}),
  redis: redisProbeConfigSchema.prefault({}),
  docker: dockerProbeConfigSchema.prefault({}),
  http: httpProbeConfigSchema.prefault({}),
  host: hostProbeConfigSchema.prefault({}),
  orders: ordersProbeConfigSchema.prefault({}),
});

/** Parsed `probes:` section. */
export type ProbesConfig = z.infer<typeof probesConfigSchema>;
