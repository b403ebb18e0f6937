import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { incidentCard } from '../../src/core/incidents/view.js';
import { formatDuration } from '../../src/core/time.js';
import { reviewDraftLine } from './review-shared.js';
import { idParam, textSchema, viewOf } from './shared.js';

/** `/incident resolve [id] <summary…>`: closes an incident with its cause and fix. */
export default defineCommand({
  name: 'incident resolve',
  summary: { en: 'Resolve an incident with a summary of cause and fix', 'zh-CN': '解决故障，并写明原因和处理方法' },
  usage: '/incident resolve [INC-id] <summary…>',
  examples: ['/incident resolve INC-20261122-001 证书过期，已更新', '/incident resolve "backend OOM; restarted, memory limit raised"'],
  params: [idParam, { name: 'summary', rest: true, description: { en: 'cause and fix, for the review', 'zh-CN': '故障原因和处理方法，供复盘使用' } }],
  schema: z.object({ id: z.string().optional(), summary: textSchema }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const target = await ctx.services.incidents.resolveId(args.id);
    const inc = await ctx.services.incidents.resolve(ctx.user, target.id, args.summary);
    const duration = formatDuration((inc.resolvedAt ?? inc.updatedAt) - inc.declaredAt, ctx.locale);
    const lead = [ctx.t('done.resolved', { id: inc.id, duration })];
    const draft = await ctx.services.reviews.draftOnResolve(inc.id, { locale: ctx.locale, timeZone: ctx.services.timeZone });
    if (draft) lead.push(reviewDraftLine(ctx, inc.id, draft));
    return incidentCard(viewOf(ctx), inc, lead.join('\n'));
  },
});
