import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { incidentCard, statusLabel } from '../../src/core/incidents/view.js';
import { SETTABLE_STATUSES } from '../../src/core/incidents/status.js';
import { idParam, viewOf } from './shared.js';

/** `/incident status [id] <investigating|identified|mitigated>`: moves the lifecycle. */
export default defineCommand({
  name: 'incident status',
  summary: { en: 'Move an incident to investigating, identified or mitigated', 'zh-CN': '更新故障状态：排查中、已定位、已缓解' },
  usage: '/incident status [INC-id] <investigating|identified|mitigated>',
  examples: ['/incident status INC-20261122-001 mitigated', '/incident status identified'],
  params: [
    idParam,
    {
      name: 'status',
      description: {
        en: 'investigating, identified or mitigated (to resolve, use /incident resolve with a summary)',
        'zh-CN': 'investigating（排查中）、identified（已定位）或 mitigated（已缓解）；解决请用 /incident resolve 并附说明',
      },
    },
  ],
  schema: z.object({ id: z.string().optional(), status: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(SETTABLE_STATUSES)) }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const target = await ctx.services.incidents.resolveId(args.id);
    const inc = await ctx.services.incidents.setStatus(ctx.user, target.id, args.status);
    const v = viewOf(ctx);
    return incidentCard(v, inc, ctx.t('done.status', { id: inc.id, from: statusLabel(v, target.status), to: statusLabel(v, inc.status) }));
  },
});
