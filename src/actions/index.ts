import type Docker from 'dockerode';
import type { z } from 'zod';
import type { ActionsPort } from '../core/approvals/port.js';
import type { Clock } from '../core/clock.js';
import type { Localized } from '../core/i18n/index.js';
import type { ProbesConfig } from '../diagnostics/config.js';
import { createDockerClient } from '../probes/docker/config.js';
import { cachePurgeAction } from './cache-purge.js';
import type { ActionDefinition, Redact } from './common.js';
import type { ActionsConfig, CustomParamConfig } from './config.js';
import { customAction } from './custom.js';
import { dockerCleanupAction } from './docker-cleanup.js';
import { killQueryAction } from './kill-query.js';
import { restartAllAction } from './restart-all.js';
import { restartAction, type RestartDeps } from './restart.js';
import { customActionInfos } from './specs.js';

export { actionsConfigSchema, type ActionsConfig, type CustomActionConfig } from './config.js';
export type { ActionDefinition } from './common.js';

/** A custom action as the command layer shows it (`/action` help, `/action <name> key=value …`). */
export interface CustomActionInfo {
  name: string;
  /** The action kind: `custom:<name>`. */
  kind: string;
  title: Localized;
  risk: 'normal' | 'high';
  maxRows: number;
  manual?: string;
  /** Declared parameters, all required, in declaration order. */
  params: Array<{ name: string } & CustomParamConfig>;
}

/**
 * The actions port plus what the command layer needs to build requests: each kind's parameter
 * schema (parse user input with it before the request is stored, so the approval binds the
 * parsed values), and the custom actions declared in config.
 */
export interface Actions extends ActionsPort {
  get(kind: string): ActionDefinition | undefined;
  /** The zod schema of a kind's parameters, undefined for an unknown kind. */
  paramsSchema(kind: string): z.ZodType<Record<string, unknown>> | undefined;
  /** The configured custom actions, in config order. */
  customActions(): CustomActionInfo[];
}

/**
 * Builds every action kind from config: `restart`, `restart-all` and `docker-cleanup` (Docker engine of `probes.docker`),
 * `kill-query` and `custom:<name>` (account `actions.mysqlDsn`, else `probes.mysql.dsn`),
 * `cache-purge` (`probes.redis.url`). Every look at a target is bounded by `probes.timeoutMs`.
 * Nothing connects until a handler runs.
 */
export function buildActions(cfg: { actions: ActionsConfig; probes: ProbesConfig }, redact: Redact, clock: Clock): Actions {
  const { actions, probes } = cfg;
  const timeoutMs = probes.timeoutMs;
  const dsn = actions.mysqlDsn ?? probes.mysql.dsn;
  let dockerClient: Docker | undefined;
  const docker = (): Docker => (dockerClient ??= createDockerClient(probes.docker));
  const restartDeps: RestartDeps = {
    docker,
    cfg: probes.docker,
    timeoutMs,
    waitSeconds: actions.restartWaitSeconds,
    restartLastHealthy: actions.guards.restartLastHealthy,
    redact,
    clock,
  };
  const handlers: ActionDefinition[] = [
    restartAction(restartDeps),
    restartAllAction(restartDeps),
    dockerCleanupAction({ docker, services: probes.docker, cfg: actions.dockerCleanup, timeoutMs, redact }),
    killQueryAction({ dsn, probe: probes.mysql, timeoutMs, redact, clock }),
    cachePurgeAction({
      probe: probes.redis,
      maxKeys: actions.guards.maxKeysPerPurge,
      minLiteral: actions.guards.minPatternPrefix,
      timeoutMs,
      redact,
    }),
    ...actions.custom.map((spec) => customAction(spec, { dsn, timeoutMs, redact })),
  ];
  const byKind = new Map(handlers.map((h): [string, ActionDefinition] => [h.kind, { ...h, normalize: (p) => h.params.parse(p) }]));
  return {
    get: (kind) => byKind.get(kind),
    kinds: () => [...byKind.keys()],
    paramsSchema: (kind) => byKind.get(kind)?.params,
    load: async () => undefined,
    customActions: () => customActionInfos(actions),
  };
}
