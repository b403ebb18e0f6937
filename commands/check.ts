import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { CHECK_TARGETS } from '../src/core/checks/port.js';
import { incidentForEvidence, recordEvidence } from '../src/core/checks/record.js';
import { checkReply } from '../src/core/checks/view.js';
import { incidentFlag, incidentIdSchema, viewOf } from './incident/shared.js';

/** `/check <target> [name]`: read-only diagnostics of the manual, with verdicts and evidence. */
export default defineCommand({
  name: 'check',
  summary: { en: 'Run read-only checks: docker, host, disk, mysql, redis, http, orders, all', 'zh-CN': '只读检查：docker、host、disk、mysql、redis、http、orders、all' },
  usage: '/check <docker|host|disk|mysql|redis|http|orders|all> [service or target name] [--incident INC-id]',
  examples: ['/check mysql', '/check docker backend', '/check http nginx', '/check redis "stock:lock:*"', '/check all'],
  params: [
    {
      name: 'target',
      description: {
        en: 'docker (containers, 2.1), host (load, memory), disk (2.7), mysql (2.2/2.4/2.10), redis (2.3), http (2.4/2.8), orders (2.5/2.6), all',
        'zh-CN': 'docker（容器，2.1）、host（负载、内存）、disk（2.7）、mysql（2.2/2.4/2.10）、redis（2.3）、http（2.4/2.8）、orders（2.5/2.6）、all',
      },
    },
    {
      name: 'name',
      optional: true,
      description: {
        en: 'for docker: a service or container; for http: a target name; for redis: a key pattern to count by SCAN',
        'zh-CN': 'docker：服务或容器名；http：目标名称；redis：用 SCAN 统计的键模式',
      },
    },
  ],
  flags: [incidentFlag],
  schema: z.object({
    target: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(CHECK_TARGETS)),
    name: z.string().max(200).optional(),
    incident: incidentIdSchema.optional(),
  }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    const incident = await incidentForEvidence(ctx, args.incident);
    const results = await ctx.services.diagnostics.check(args.target, args.name);
    const command = `/check ${args.target}${args.name ? ` ${args.name}` : ''}`;
    const footer = await recordEvidence(ctx, incident, command, results);
    return checkReply(viewOf(ctx), results, { lead: command, evidence: args.target !== 'all', footer: [footer] });
  },
});
