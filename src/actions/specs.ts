import type { z } from 'zod';
import type { ActionsConfig } from './config.js';
import type { CustomActionInfo } from './index.js';
import { cachePurgeParams, customParamsSchema, killQueryParams, noParams, restartParams } from './params.js';

/**
 * Every action kind of a config with its parameter schema, in the order `buildActions` lists
 * them (built-in kinds, then `custom:<name>` in config order), without loading any handler.
 */
export function actionParamSchemas(actions: ActionsConfig): Map<string, z.ZodType<Record<string, unknown>>> {
  return new Map<string, z.ZodType<Record<string, unknown>>>([
    ['restart', restartParams],
    ['restart-all', noParams],
    ['docker-cleanup', noParams],
    ['kill-query', killQueryParams],
    ['cache-purge', cachePurgeParams],
    ...actions.custom.map((spec): [string, z.ZodType<Record<string, unknown>>] => [`custom:${spec.name}`, customParamsSchema(spec)]),
  ]);
}

/** The custom actions of a config as the command layer shows them, in config order. */
export function customActionInfos(actions: ActionsConfig): CustomActionInfo[] {
  return actions.custom.map((a) => ({
    name: a.name,
    kind: `custom:${a.name}`,
    title: a.title,
    risk: a.risk,
    maxRows: a.maxRows,
    ...(a.manual ? { manual: a.manual } : {}),
    params: Object.entries(a.params).map(([name, p]) => ({ name, ...p })),
  }));
}
