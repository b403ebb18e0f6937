import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';
import { allows } from '../src/core/roles.js';
import { channelLabel, pagingReply } from '../src/core/paging/view.js';
import { viewOf } from './incident/shared.js';

/** `/paging [incident]` shows who was paged and who acknowledged; `/paging test <contact>` sends a test page. */
export default defineCommand({
  name: 'paging',
  summary: { en: 'Who was paged, when, on which channel, and who acknowledged; or send a test page', 'zh-CN': '查看呼叫了谁、何时、通过哪个渠道、谁已确认；或发送测试呼叫' },
  usage: '/paging [INC-id | test <contact>]',
  examples: ['/paging', '/paging INC-20261202-003', '/paging test zhangsan'],
  params: [
    {
      name: 'what',
      optional: true,
      rest: true,
      description: { en: 'an incident id (default: the only open one), or test <contact> (responders)', 'zh-CN': '故障编号（默认：唯一进行中的故障），或 test <联系人>（需 responder 角色）' },
    },
  ],
  schema: z.object({ what: z.string().trim().max(200).optional() }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    const [first, ...rest] = (args.what ?? '').split(/\s+/).filter(Boolean);
    if (first?.toLowerCase() === 'test') {
      if (!allows(ctx.user.roles, ['responder'])) throw new UserError('perm.missingRole', { command: '/paging test', roles: 'responder', user: ctx.user.id, held: ctx.user.roles.join(', ') });
      if (rest.length === 0) throw new UserError('paging.unknownTarget', { query: '', valid: '—' }, { showUsage: true });
      const report = await ctx.services.paging.test(rest.join(' '));
      if (report.channels.length === 0) return reply([{ type: 'text', text: ctx.t('paging.testNone', { name: report.person.name }) }], 'warning');
      const lines = report.channels.map((c) => {
        const channel = channelLabel(ctx, c.channel, c.address);
        return c.error ? ctx.t('paging.testFailed', { channel, error: c.error }) : ctx.t('paging.testOk', { channel });
      });
      const ok = report.channels.every((c) => !c.error);
      return reply([{ type: 'text', text: ctx.t('paging.test', { name: report.person.name }) }, { type: 'text', text: lines.join('\n') }], ok ? 'success' : 'warning');
    }
    const inc = await ctx.services.incidents.resolveId(first);
    return pagingReply(viewOf(ctx), inc, await ctx.services.paging.state(inc.id));
  },
});
