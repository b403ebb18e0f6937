import { z } from 'zod';
import type { CustomActionConfig, CustomParamConfig } from './config.js';

/**
 * The parameter schemas of every action kind, apart from the code that acts: the config loader
 * (runbook vocabulary) and `/action` need them at start-up, the handlers only when a request is
 * filed or runs (see lazy.ts).
 */

/** `restart`: a service, optionally one of its containers. */
export const restartParams = z.strictObject({
  service: z.string().min(1).max(200),
  container: z.string().min(1).max(200).optional(),
});

/** `restart-all` and `docker-cleanup`: no parameters. */
export const noParams = z.strictObject({});

const threadId = z.number().int().positive().refine(Number.isSafeInteger);

/** `kill-query`: a MySQL thread id (`"1234"` is read as 1234) and whether to stop only its statement. */
export const killQueryParams = z.strictObject({
  id: z.union([threadId, z.string().regex(/^\d{1,16}$/).transform(Number).pipe(threadId)]),
  queryOnly: z.boolean().default(false),
});

/** `cache-purge`: a Redis key pattern. */
export const cachePurgeParams = z.strictObject({ pattern: z.string().min(1).max(256) });

/** A validated parameter value of a custom action: what travels to the server as a placeholder. */
export type CustomValue = string | number;

function paramSchema(p: CustomParamConfig): z.ZodType<CustomValue> {
  if (p.type === 'string') {
    const re = p.pattern === undefined ? undefined : new RegExp(`^(?:${p.pattern})$`);
    return z.string().min(1).max(200).refine((s) => !re || re.test(s), `must match ${p.pattern}`);
  }
  let int = z.number().int().refine(Number.isSafeInteger, 'too large');
  if (p.min !== undefined) int = int.min(p.min);
  if (p.max !== undefined) int = int.max(p.max);
  return z.union([int, z.string().regex(/^-?\d{1,16}$/).transform(Number).pipe(int)]);
}

/** The zod schema of a custom action's parameters: every declared parameter, required, nothing else. */
export function customParamsSchema(spec: CustomActionConfig): z.ZodType<Record<string, CustomValue>> {
  return z.strictObject(Object.fromEntries(Object.entries(spec.params).map(([name, p]) => [name, paramSchema(p)])));
}
