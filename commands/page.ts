import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { reply } from '../src/core/reply.js';
import { personLine } from '../src/core/paging/view.js';
import { idParam } from './incident/shared.js';

/** `/page [incident] <role|user> [--reason …]`: pages people by hand on every channel that reaches them. */
export default defineCommand({
  name: 'page',
  summary: { en: 'Page a contact by role, name or user now (Slack DM, DingTalk, SMS/voice gateway)', 'zh-CN': '立即呼叫联系人（按角色、姓名或用户；Slack 私信、钉钉、短信/电话网关）' },
  usage: '/page [INC-id] <role|user> [--reason text]',
  examples: ['/page INC-20261202-003 product', '/page lisi --reason "需要后端看一下回调"'],
  params: [
    idParam,
    { name: 'target', description: { en: 'a contact\'s role, title, name or zhiban user, or an incident role (commander, ops, backend …)', 'zh-CN': '联系人的角色、职务、姓名或 zhiban 用户，或故障角色（commander、ops、backend 等）' } },
  ],
  flags: [{ name: 'reason', description: { en: 'why (shown in the page)', 'zh-CN': '原因（显示在呼叫中）' } }],
  schema: z.object({ id: z.string().optional(), target: z.string().trim().min(1).max(100), reason: z.string().trim().min(1).max(500).optional() }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const inc = await ctx.services.incidents.resolveId(args.id);
    const reports = await ctx.services.paging.page(ctx.user, inc, args.target, args.reason);
    const people = reports.map((r) => personLine(ctx, r.person, r.channels)).join(' · ');
    return reply([{ type: 'text', text: ctx.t('paging.paged', { id: inc.id, people }) }], 'success');
  },
});
