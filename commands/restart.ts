import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { incidentFlag, incidentIdSchema } from './incident/shared.js';
import { reasonFlag, requestRemediation } from './remediation.js';

/** `/restart <service> [container]` or `/restart all`: asks to restart a service's containers, or every configured service one at a time (runs after approval). */
export default defineCommand({
  name: 'restart',
  summary: { en: 'Ask to restart a service\'s containers (runs after another person approves)', 'zh-CN': '申请重启服务的容器（他人批准后执行）' },
  usage: '/restart <service|all> [container] [--reason text] [--incident INC-id]',
  examples: ['/restart backend --reason "502 after deploy"', '/restart backend mall_backend_2', '/restart all --reason "宕机恢复"'],
  params: [
    { name: 'service', description: { en: 'a service from /check docker (e.g. backend, nginx, mysql-master), or all: every configured service, one at a time', 'zh-CN': '服务名，见 /check docker（如 backend、nginx、mysql-master），或 all：逐个重启全部已配置服务' } },
    { name: 'container', optional: true, description: { en: 'only this container of the service', 'zh-CN': '只重启该服务的这个容器' } },
  ],
  flags: [reasonFlag, incidentFlag],
  schema: z.object({
    service: z.string().min(1).max(200),
    container: z.string().min(1).max(200).optional(),
    reason: z.string().max(500).optional(),
    incident: incidentIdSchema.optional(),
  }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    if (args.service.toLowerCase() === 'all' && !args.container) return requestRemediation(ctx, 'restart-all', {}, args);
    return requestRemediation(ctx, 'restart', { service: args.service, ...(args.container ? { container: args.container } : {}) }, args);
  },
});
