import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { timelineReply } from '../../src/core/incidents/view.js';
import { idParam, viewOf } from './shared.js';

/** `/incident timeline [id]`: every step, who and when, oldest first. */
export default defineCommand({
  name: 'incident timeline',
  summary: { en: 'Show the timeline of an incident: every step, who and when', 'zh-CN': '查看故障时间线：每一步、谁、何时' },
  usage: '/incident timeline [INC-id]',
  examples: ['/incident timeline INC-20261122-001'],
  params: [idParam],
  schema: z.object({ id: z.string().optional() }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    const inc = await ctx.services.incidents.resolveId(args.id);
    return timelineReply(viewOf(ctx), inc, await ctx.services.incidents.timeline(inc.id));
  },
});
