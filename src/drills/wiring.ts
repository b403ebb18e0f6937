import type Docker from 'dockerode';
import type { ActionHandler, ActionsPort } from '../core/approvals/port.js';
import type { ActionsConfig } from '../actions/config.js';
import type { ProbesConfig } from '../diagnostics/config.js';
import { createDockerClient } from '../probes/docker/config.js';
import type { FaultTargets } from './faults.js';

/** Where drills act, from config: the Docker engine of `probes.docker`, the MySQL account of `actions.mysqlDsn` (else `probes.mysql.dsn`), the Redis of `probes.redis`. */
export function faultTargets(cfg: { actions: ActionsConfig; probes: ProbesConfig }): FaultTargets {
  let docker: Docker | undefined;
  return {
    docker: () => (docker ??= createDockerClient(cfg.probes.docker)),
    dockerConfig: cfg.probes.docker,
    mysqlDsn: cfg.actions.mysqlDsn ?? cfg.probes.mysql.dsn,
    redisUrl: cfg.probes.redis.url,
    timeoutMs: cfg.probes.timeoutMs,
  };
}

/** `base` plus one more action kind (the drill's injection), without touching how `base` was built. */
export function withAction(base: ActionsPort, extra: ActionHandler): ActionsPort {
  return {
    ...(base.load ? { load: () => base.load!() } : {}),
    get: (kind) => (kind === extra.kind ? extra : base.get(kind)),
    kinds: () => [...base.kinds(), extra.kind],
    customActions: () => base.customActions(),
  };
}
