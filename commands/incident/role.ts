import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { incidentCard } from '../../src/core/incidents/view.js';
import { INCIDENT_ROLES } from '../../src/core/incidents/status.js';
import { idParam, viewOf } from './shared.js';

/** `/incident role [id] <role> <user>`: hands an incident role (commander, scribe …) to a configured user. */
export default defineCommand({
  name: 'incident role',
  summary: { en: 'Assign an incident role (commander, deputy, scribe, comms, ops, backend)', 'zh-CN': '指派故障角色（指挥、副指挥、记录员、对外沟通、运维、后端）' },
  usage: '/incident role [INC-id] <commander|deputy|scribe|comms|ops|backend> <user>',
  examples: ['/incident role INC-20261122-001 commander bob', '/incident role scribe carol'],
  params: [
    idParam,
    { name: 'role', description: { en: `one of ${INCIDENT_ROLES.join(', ')}`, 'zh-CN': `${INCIDENT_ROLES.join('、')} 之一` } },
    { name: 'user', description: { en: 'a zhiban user id from the config', 'zh-CN': '配置中的 zhiban 用户 id' } },
  ],
  schema: z.object({
    id: z.string().optional(),
    role: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(INCIDENT_ROLES)),
    user: z.string().min(1),
  }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const target = await ctx.services.incidents.resolveId(args.id);
    const inc = await ctx.services.incidents.assignRole(ctx.user, target.id, args.role, args.user.replace(/^@/, ''));
    return incidentCard(viewOf(ctx), inc, ctx.t('done.role', { id: inc.id, user: inc.roles[args.role] ?? args.user, role: ctx.t(`role.${args.role}`) }));
  },
});
