import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { requestCard, requestList } from '../src/core/approvals/view.js';
import { requestIdSchema } from './approve.js';
import { viewOf } from './incident/shared.js';

/** `/requests [REQ-id]`: the open requests and those of the last 7 days, or one in detail. */
export default defineCommand({
  name: 'requests',
  summary: { en: 'List open remediation requests and those of the last 7 days, or show one', 'zh-CN': '列出未结束及最近 7 天的修复请求，或查看某一个' },
  usage: '/requests [REQ-id]',
  examples: ['/requests', '/requests REQ-20261122-001'],
  params: [{ name: 'id', optional: true, description: { en: 'show this request with its buttons', 'zh-CN': '查看该请求（含审批按钮）' } }],
  schema: z.object({ id: requestIdSchema.optional() }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    if (args.id) return requestCard(viewOf(ctx), (await ctx.services.approvals.get(args.id)).value);
    return requestList(viewOf(ctx), await ctx.services.approvals.recent());
  },
});
