import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { requestCard } from '../src/core/approvals/view.js';
import { requestIdSchema } from './approve.js';
import { viewOf } from './incident/shared.js';

/** `/deny <request> [reason…]`: the text form of the Deny button (the requester may withdraw their own). */
export default defineCommand({
  name: 'deny',
  summary: { en: 'Deny a remediation request (or withdraw your own)', 'zh-CN': '拒绝修复请求（或撤回自己的请求）' },
  usage: '/deny <REQ-id> [reason…]',
  examples: ['/deny REQ-20261122-001 先看日志再说'],
  params: [
    { name: 'id', description: { en: 'request id like REQ-20261122-001', 'zh-CN': '请求编号，如 REQ-20261122-001' } },
    { name: 'reason', rest: true, optional: true, description: { en: 'why', 'zh-CN': '原因' } },
  ],
  schema: z.object({ id: requestIdSchema, reason: z.string().trim().min(1).max(500).optional() }),
  risk: 'write',
  roles: ['responder', 'approver'],
  async run(ctx, args) {
    const req = await ctx.services.approvals.deny(ctx.user, args.id, args.reason);
    return requestCard(viewOf(ctx), req, ctx.t('request.denied', { id: req.id, by: ctx.user.id }));
  },
});
