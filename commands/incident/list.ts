import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { RECENT_DAYS } from '../../src/core/incidents/service.js';
import { incidentList } from '../../src/core/incidents/view.js';
import { viewOf } from './shared.js';

/** `/incident list`: open incidents first, then the recently resolved ones, from the store's index; damaged ones are named apart. */
export default defineCommand({
  name: 'incident list',
  summary: { en: 'List open and recently resolved incidents', 'zh-CN': '列出进行中和最近解决的故障' },
  usage: '/incident list',
  examples: ['/incident list'],
  params: [],
  schema: z.object({}),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx) {
    const { incidents, damaged } = await ctx.services.incidents.listing(RECENT_DAYS);
    return incidentList(viewOf(ctx), incidents, RECENT_DAYS, damaged);
  },
});
