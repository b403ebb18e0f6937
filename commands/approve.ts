import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { requestCard } from '../src/core/approvals/view.js';
import { viewOf } from './incident/shared.js';

/** Request ids look like REQ-20261122-001. */
export const requestIdSchema = z.string().transform((s) => s.toUpperCase()).pipe(z.string().regex(/^REQ-\d{8}-\d{3,6}$/));

/** `/approve <request> [#digest]`: the text form of the Approve button. */
export default defineCommand({
  name: 'approve',
  summary: { en: 'Approve someone else\'s remediation request (runs it when enough approvals are in)', 'zh-CN': '批准他人的修复请求（审批数够了即执行）' },
  usage: '/approve <REQ-id> [#digest]',
  examples: ['/approve REQ-20261122-001', '/approve REQ-20261122-001 #3f2a9c1d0b7e'],
  params: [
    { name: 'id', description: { en: 'request id like REQ-20261122-001 (see /requests)', 'zh-CN': '请求编号，如 REQ-20261122-001（见 /requests）' } },
    { name: 'digest', optional: true, description: { en: 'the #digest shown with the request: approves only that exact request', 'zh-CN': '请求上显示的 #摘要：只批准完全一致的请求' } },
  ],
  schema: z.object({ id: requestIdSchema, digest: z.string().regex(/^#?[0-9a-f]{12}$/).optional() }),
  risk: 'write',
  roles: ['approver'],
  async run(ctx, args) {
    const req = await ctx.services.approvals.approve(ctx.user, args.id, args.digest);
    const lead = req.state === 'pending'
      ? ctx.t('request.approvedPartly', { id: req.id, by: ctx.user.id, count: req.approvals.length, needed: req.approvalsNeeded })
      : undefined;
    return requestCard(viewOf(ctx), req, lead);
  },
});
