import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { L, type Localized } from '../src/core/i18n/index.js';
import { recordEvidence, startEvidence } from '../src/core/checks/record.js';
import { checkReply } from '../src/core/checks/view.js';
import type { ProbeFamily } from '../src/probes/define.js';
import { ALL_TARGET, checkTargetNames, checkTargets, PROBES } from '../src/probes/registry.js';
import { incidentFlag, incidentIdSchema, viewOf } from './incident/shared.js';

/**
 * `/check <target> [name]` for some probe families: its targets, usage and help are generated
 * from them, so a probe added to the registry is a `/check` target with nothing else to edit.
 */
export function checkCommand(families: readonly ProbeFamily[]) {
  const targets = checkTargets(families);
  const names = checkTargetNames(families);
  const named = targets.filter((t) => t.nameArg);
  return defineCommand({
    name: 'check',
    summary: L(`Run read-only checks: ${names.join(', ')}`, `只读检查：${names.join('、')}`),
    usage: `/check <${names.join('|')}> [service or target name] [--incident INC-id]`,
    examples: ['/check mysql', '/check docker backend', '/check http nginx', '/check redis "stock:lock:*"', '/check all'],
    params: [
      {
        name: 'target',
        description: L(
          [...targets.map((t) => `${t.name} (${t.hint.en})`), ALL_TARGET].join(', '),
          [...targets.map((t) => `${t.name}（${t.hint['zh-CN']}）`), ALL_TARGET].join('、'),
        ),
      },
      {
        name: 'name',
        optional: true,
        description: L(
          named.map((t) => `for ${t.name}: ${(t.nameArg as Localized).en}`).join('; '),
          named.map((t) => `${t.name}：${(t.nameArg as Localized)['zh-CN']}`).join('；'),
        ),
      },
    ],
    flags: [incidentFlag],
    schema: z.object({
      target: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(names)),
      name: z.string().max(200).optional(),
      incident: incidentIdSchema.optional(),
    }),
    risk: 'read',
    roles: ['viewer'],
    async run(ctx, args) {
      const evidence = await startEvidence(ctx, args.incident);
      const results = await ctx.services.diagnostics.check(args.target, args.name);
      const command = `/check ${args.target}${args.name ? ` ${args.name}` : ''}`;
      const footer = await recordEvidence(ctx, evidence, command, results);
      return checkReply(viewOf(ctx), results, { lead: command, evidence: args.target !== ALL_TARGET, footer: [footer] });
    },
  });
}

/** `/check <target> [name]`: read-only diagnostics of the manual over the registered probes, with verdicts and evidence. */
export default checkCommand(PROBES);
