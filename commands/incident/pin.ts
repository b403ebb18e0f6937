import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { reply } from '../../src/core/reply.js';
import { idParam, textSchema } from './shared.js';

/** `/incident pin [id] <text…>`: pins a line (a customer report, a decision) to the timeline for the review. */
export default defineCommand({
  name: 'incident pin',
  summary: { en: 'Pin a message to the timeline for the review (in Slack: react with :pushpin:)', 'zh-CN': '把一条消息置顶到时间线，供复盘使用（Slack 中也可用 :pushpin: 表情）' },
  usage: '/incident pin [INC-id] <text…>',
  examples: ['/incident pin INC-20261122-001 "客服反馈 30 单未发货"', '/incident pin customer support: 30 orders not shipped'],
  params: [idParam, { name: 'text', rest: true, description: { en: 'the message to keep', 'zh-CN': '要保留的消息' } }],
  schema: z.object({ id: z.string().optional(), text: textSchema }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const inc = await ctx.services.incidents.resolveId(args.id);
    await ctx.services.reviews.pin({ incidentId: inc.id, actor: ctx.user.id, author: ctx.user.id, text: args.text });
    return reply([{ type: 'text', text: ctx.t('review.pinned', { id: inc.id }) }], 'success');
  },
});
