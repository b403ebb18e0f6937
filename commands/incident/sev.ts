import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { incidentCard } from '../../src/core/incidents/view.js';
import { idParam, severityDescription, severitySchema, viewOf } from './shared.js';

/** `/incident sev [id] <P0-P3>`: raises or lowers the severity. */
export default defineCommand({
  name: 'incident sev',
  summary: { en: 'Change the severity of an incident', 'zh-CN': '调整故障级别' },
  usage: '/incident sev [INC-id] <P0|P1|P2|P3>',
  examples: ['/incident sev INC-20261122-001 P0', '/incident sev P2'],
  params: [idParam, { name: 'severity', description: severityDescription }],
  schema: z.object({ id: z.string().optional(), severity: severitySchema }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const target = await ctx.services.incidents.resolveId(args.id);
    const inc = await ctx.services.incidents.setSeverity(ctx.user, target.id, args.severity);
    const card = incidentCard(viewOf(ctx), inc, ctx.t('done.severity', { id: inc.id, from: target.severity, to: inc.severity }));
    if (inc.severity < target.severity) for (const text of await ctx.services.paging.planLines(viewOf(ctx), inc.id)) card.blocks.push({ type: 'text', text });
    return card;
  },
});
