import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { incidentCard } from '../../src/core/incidents/view.js';
import { idParam, viewOf } from './shared.js';

/** `/incident reopen <id> [reason…]`: brings a resolved incident back to investigating. */
export default defineCommand({
  name: 'incident reopen',
  summary: { en: 'Reopen a resolved incident', 'zh-CN': '重新打开已解决的故障' },
  usage: '/incident reopen <INC-id> [reason…]',
  examples: ['/incident reopen INC-20261122-001 回调又开始失败'],
  params: [
    { ...idParam, optional: false, description: { en: 'id of the resolved incident, like INC-20261122-001', 'zh-CN': '已解决故障的编号，如 INC-20261122-001' } },
    { name: 'reason', rest: true, optional: true, description: { en: 'why it is back', 'zh-CN': '重新打开的原因' } },
  ],
  schema: z.object({ id: z.string(), reason: z.string().trim().min(1).optional() }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const inc = await ctx.services.incidents.reopen(ctx.user, args.id, args.reason);
    return incidentCard(viewOf(ctx), inc, ctx.t('done.reopened', { id: inc.id }));
  },
});
