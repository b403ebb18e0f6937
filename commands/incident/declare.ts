import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { incidentCard } from '../../src/core/incidents/view.js';
import { severityDescription, severitySchema, textSchema, viewOf } from './shared.js';

/** `/incident declare <P0-P3> <title…>`: opens an incident with the declarer as commander. */
export default defineCommand({
  name: 'incident declare',
  summary: { en: 'Declare an incident: severity and what is broken', 'zh-CN': '宣告故障：级别和故障现象' },
  usage: '/incident declare <P0|P1|P2|P3> <title…>',
  examples: ['/incident declare P1 支付回调失败，订单状态未更新', '/incident declare P0 "site down: nginx 502"'],
  params: [
    { name: 'severity', description: severityDescription },
    { name: 'title', rest: true, description: { en: 'what users see, in a few words', 'zh-CN': '用户看到的故障现象，简短描述' } },
  ],
  schema: z.object({ severity: severitySchema, title: textSchema }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const inc = await ctx.services.incidents.declare(ctx.user, {
      severity: args.severity,
      title: args.title,
      channel: ctx.invocation.channel,
      platform: ctx.invocation.platform,
    });
    const card = incidentCard(viewOf(ctx), inc);
    for (const text of await ctx.services.paging.planLines(viewOf(ctx), inc.id)) card.blocks.push({ type: 'text', text });
    return card;
  },
});
