import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { incidentCard } from '../../src/core/incidents/view.js';
import { idParam, viewOf } from './shared.js';

/** `/incident show [id]`: the incident card. */
export default defineCommand({
  name: 'incident show',
  summary: { en: 'Show an incident: severity, status, roles, response clock', 'zh-CN': '查看故障：级别、状态、角色、响应时限' },
  usage: '/incident show [INC-id]',
  examples: ['/incident show INC-20261122-001', '/incident show'],
  params: [idParam],
  schema: z.object({ id: z.string().optional() }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    return incidentCard(viewOf(ctx), await ctx.services.incidents.resolveId(args.id));
  },
});
