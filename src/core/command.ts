import { z } from 'zod';
import type { Clock } from './clock.js';
import type { CommandDoc } from './command-doc.js';
import type { Locale, Translator } from './i18n/index.js';
import type { Invocation } from './invocation.js';
import type { Logger } from './logger.js';
import type { Reply } from './reply.js';
import { ROLES } from './roles.js';
import type { Services } from './services.js';
import type { ZhibanUser } from './users.js';

export type { FlagSpec, ParamSpec, Risk } from './command-doc.js';

/** Everything a handler may use; built by the dispatcher for one invocation. */
export interface CommandContext {
  invocation: Invocation;
  user: ZhibanUser;
  locale: Locale;
  t: Translator;
  clock: Clock;
  services: Services;
  logger: Logger;
}

/**
 * A chat command declared as data plus a handler. `name` is its path (`incident declare`);
 * the first word is the slash command. `schema` validates the bound arguments (positional
 * names and flag names as keys) before `run` is called, so `run` only sees valid input.
 */
export interface CommandSpec<S extends z.ZodType = z.ZodType> extends CommandDoc {
  schema: S;
  run(ctx: CommandContext, args: z.infer<S>): Promise<Reply>;
}

/** Declares a command with its argument types inferred from the schema. */
export function defineCommand<S extends z.ZodType>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}

const localized = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) });
const word = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case words with dashes');

/** The shape a command definition must have; checked at start-up and in CI. */
export const commandDefinitionSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)?$/, 'one or two lower-case words'),
    summary: localized,
    usage: z.string().startsWith('/'),
    examples: z.array(z.string().startsWith('/')).min(1),
    params: z.array(z.object({ name: word, description: localized, optional: z.boolean().optional(), rest: z.boolean().optional(), incident: z.boolean().optional() })),
    flags: z.array(z.object({ name: word, description: localized, boolean: z.boolean().optional() })).optional(),
    risk: z.enum(['read', 'write']),
    roles: z.array(z.enum(ROLES)).min(1),
  })
  .superRefine((spec, ctx) => {
    const names = [...spec.params.map((p) => p.name), ...(spec.flags ?? []).map((f) => f.name)];
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `argument "${dup}" declared twice` });
    const restAt = spec.params.findIndex((p) => p.rest);
    if (restAt >= 0 && restAt !== spec.params.length - 1) ctx.addIssue({ code: 'custom', message: 'a rest parameter must be last' });
    if (!spec.usage.startsWith(`/${spec.name}`)) ctx.addIssue({ code: 'custom', message: `usage must start with /${spec.name}` });
    for (const ex of spec.examples) {
      if (!ex.startsWith(`/${spec.name}`)) ctx.addIssue({ code: 'custom', message: `example "${ex}" must start with /${spec.name}` });
    }
    if (spec.risk === 'write' && spec.roles.length === 1 && spec.roles[0] === 'viewer') {
      ctx.addIssue({ code: 'custom', message: 'a write command cannot be open to viewers' });
    }
  });
