import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { reply } from '../../src/core/reply.js';
import { idParam, textSchema } from './shared.js';

/** `/incident note [id] <text…>`: adds a finding to the timeline. */
export default defineCommand({
  name: 'incident note',
  summary: { en: 'Add a note (a finding, a decision) to the timeline', 'zh-CN': '在时间线上添加备注（发现、决定）' },
  usage: '/incident note [INC-id] <text…>',
  examples: ['/incident note INC-20261122-001 回调日志里有 signature error', '/incident note 已通知微信支付客服'],
  params: [idParam, { name: 'text', rest: true, description: { en: 'the note', 'zh-CN': '备注内容' } }],
  schema: z.object({ id: z.string().optional(), text: textSchema }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const inc = await ctx.services.incidents.resolveId(args.id);
    await ctx.services.incidents.note(ctx.user, inc.id, args.text);
    return reply([{ type: 'text', text: ctx.t('done.note', { id: inc.id }) }], 'success');
  },
});
