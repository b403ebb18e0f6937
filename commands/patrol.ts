import { z } from 'zod';
import { defineCommand, type CommandContext } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import type { PatrolInfo } from '../src/core/patrols/port.js';
import { patrolRunReply } from '../src/core/patrols/view.js';
import { reply, type Reply } from '../src/core/reply.js';
import { allows } from '../src/core/roles.js';
import { zoneTime } from '../src/review/zone.js';
import { viewOf } from './incident/shared.js';

function lastResult(ctx: CommandContext, p: PatrolInfo): string {
  if (!p.last) return ctx.t('patrol.never');
  const how = ctx.t(`patrol.delivery.${p.last.delivery}`, { by: p.last.by });
  return ctx.t('patrol.last', { verdict: ctx.t(`verdict.${p.last.verdict}`), time: zoneTime(p.last.at, ctx.services.timeZone, true), how });
}

async function listReply(ctx: CommandContext): Promise<Reply> {
  const patrols = await ctx.services.patrols.list();
  if (patrols.length === 0) return reply([{ type: 'text', text: ctx.t('patrol.none') }]);
  const rows = patrols.map((p) => [p.name, p.schedule, p.checks.join(', '), p.nextAt === undefined ? ctx.t('patrol.notScheduled') : zoneTime(p.nextAt, ctx.services.timeZone, true), lastResult(ctx, p)]);
  return reply([
    { type: 'heading', text: ctx.t('patrol.listHeading', { zone: ctx.services.timeZone }) },
    { type: 'table', columns: ctx.t('patrol.columns').split('|'), rows },
  ]);
}

/** `/patrol [list]` shows the scheduled patrols (next run, last result); `/patrol run <name>` runs one now. */
export default defineCommand({
  name: 'patrol',
  summary: { en: 'Scheduled patrols: list them with their next run and last result, or run one now', 'zh-CN': '定期巡检：查看下次运行时间和上次结果，或立即运行' },
  usage: '/patrol [list | run <name>]',
  examples: ['/patrol', '/patrol list', '/patrol run daily'],
  params: [
    { name: 'action', optional: true, description: { en: 'list (default) or run (responders)', 'zh-CN': 'list（默认）或 run（需 responder 角色）' } },
    { name: 'name', optional: true, description: { en: 'the patrol to run, a name under patrols: in zhiban.yml', 'zh-CN': '要运行的巡检，zhiban.yml 中 patrols: 下的名称' } },
  ],
  schema: z.object({ action: z.string().trim().max(20).optional(), name: z.string().trim().max(100).optional() }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    const action = (args.action ?? 'list').toLowerCase();
    if (action === 'list') return listReply(ctx);
    if (action !== 'run') throw new UserError('patrol.badAction', { action }, { showUsage: true });
    if (!allows(ctx.user.roles, ['responder'])) throw new UserError('perm.missingRole', { command: '/patrol run', roles: 'responder', user: ctx.user.id, held: ctx.user.roles.join(', ') });
    if (!args.name) {
      const known = (await ctx.services.patrols.list()).map((p) => p.name);
      throw new UserError('patrol.needName', { known: known.length ? known.join(', ') : '—' }, { showUsage: true });
    }
    return patrolRunReply(viewOf(ctx), await ctx.services.patrols.runNow(args.name.toLowerCase(), ctx.user));
  },
});
