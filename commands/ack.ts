import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { incidentCard } from '../src/core/incidents/view.js';
import { formatClock, formatDuration } from '../src/core/time.js';
import { idParam, viewOf } from './incident/shared.js';

/** `/ack [incident]`: acknowledges the pages of an incident; escalation stops. */
export default defineCommand({
  name: 'ack',
  summary: { en: 'Acknowledge a page: you are on it, escalation stops', 'zh-CN': '确认呼叫：表示你在处理，停止升级' },
  usage: '/ack [INC-id]',
  examples: ['/ack', '/ack INC-20261202-003'],
  params: [idParam],
  schema: z.object({ id: z.string().optional() }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const target = await ctx.services.incidents.resolveId(args.id);
    const { ack, again } = await ctx.services.paging.ack(ctx.user, target.id, ctx.invocation.platform === 'console' ? '/ack' : `${ctx.invocation.platform} /ack`);
    const time = formatClock(ack.at, ctx.services.timeZone);
    const lead = again
      ? ctx.t('paging.ackAgain', { id: target.id, time })
      : ack.afterMs !== undefined
        ? ctx.t('paging.acked', { user: ctx.user.name, id: target.id, time, after: formatDuration(ack.afterMs, ctx.locale) })
        : ctx.t('paging.ackedUnpaged', { user: ctx.user.name, id: target.id, time });
    return incidentCard(viewOf(ctx), await ctx.services.incidents.get(target.id), lead);
  },
});
