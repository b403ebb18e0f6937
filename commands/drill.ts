import { z } from 'zod';
import { requestCard } from '../src/core/approvals/view.js';
import { defineCommand, type CommandContext } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { pick } from '../src/core/i18n/index.js';
import { incidentCard } from '../src/core/incidents/view.js';
import { reply, type Reply } from '../src/core/reply.js';
import { formatDuration } from '../src/core/time.js';
import { reviewDraftLine } from './incident/review-shared.js';
import { incidentIdSchema, viewOf } from './incident/shared.js';

function listReply(ctx: CommandContext): Reply {
  const scenarios = ctx.services.drills.scenarios();
  if (scenarios.length === 0) return reply([{ type: 'text', text: ctx.t('drill.none') }]);
  const rows = scenarios.map((s) => [s.name, s.severity, s.fault, s.page ? '✓' : '—', pick(ctx.locale, s.title)]);
  return reply([{ type: 'heading', text: ctx.t('drill.listHeading') }, { type: 'table', columns: ctx.t('drill.columns').split('|'), rows }]);
}

async function startReply(ctx: CommandContext, name: string | undefined): Promise<Reply> {
  if (!name) {
    const known = ctx.services.drills.scenarios().map((s) => s.name);
    throw new UserError('drill.needScenario', { known: known.length ? known.join(', ') : '—' }, { showUsage: true });
  }
  const { channel, platform } = ctx.invocation;
  const started = await ctx.services.drills.start(ctx.user, name.toLowerCase(), { channel, platform });
  const id = started.incident.id;
  if (!started.request) return incidentCard(viewOf(ctx), started.incident, ctx.t('drill.tabletopStarted', { id, scenario: started.scenario.name }));
  const lead = [
    ctx.t('drill.started', { id, scenario: started.scenario.name, fault: started.scenario.fault, paged: ctx.t(started.scenario.page ? 'drill.pagesToo' : 'drill.noPages') }),
    ctx.t('drill.needsApproval', { id }),
  ].join('\n');
  return { ...requestCard(viewOf(ctx), started.request, lead), audience: 'channel' };
}

async function stopReply(ctx: CommandContext, id: string | undefined): Promise<Reply> {
  const parsed = id === undefined ? undefined : incidentIdSchema.safeParse(id);
  if (parsed && !parsed.success) throw new UserError('drill.badAction', { action: `stop ${id}` }, { showUsage: true });
  const stopped = await ctx.services.drills.stop(ctx.user, parsed?.data);
  const inc = stopped.incident;
  const times = (await ctx.services.reviews.summarize(inc.id)).drill;
  const dur = (ms: number | undefined) => (ms === undefined ? '—' : formatDuration(ms, ctx.locale));
  const lead = [
    ctx.t('drill.stopped', { id: inc.id, reverted: stopped.reverted ? pick(ctx.locale, stopped.reverted) : ctx.t('drill.nothingInjected') }),
    ctx.t('drill.times', { ttd: dur(times?.ttdMs), ttr: dur(times?.ttrMs) }),
  ];
  const draft = await ctx.services.reviews.draftOnResolve(inc.id, { locale: ctx.locale, timeZone: ctx.services.timeZone });
  if (draft) lead.push(reviewDraftLine(ctx, inc.id, draft));
  return incidentCard(viewOf(ctx), inc, lead.join('\n'));
}

/** `/drill [list]` lists the scenarios; `/drill start <scenario>` starts a drill (its fault after approval); `/drill stop [INC-id]` reverts it and ends the drill. */
export default defineCommand({
  name: 'drill',
  summary: { en: 'Drills: start a scenario (its fault is injected after approval), detect it, stop it; list the scenarios', 'zh-CN': '演练：开始一个场景（审批后注入故障）、排查、结束；查看场景列表' },
  usage: '/drill [list | start <scenario> | stop [INC-id]]',
  examples: ['/drill', '/drill start backend-down', '/drill stop'],
  params: [
    { name: 'action', optional: true, description: { en: 'list (default), start or stop', 'zh-CN': 'list（默认）、start 或 stop' } },
    { name: 'target', optional: true, description: { en: 'start: a scenario under drills: in zhiban.yml; stop: the drill incident (default: the only running drill)', 'zh-CN': 'start：zhiban.yml 中 drills: 下的场景；stop：演练故障编号（默认：唯一进行中的演练）' } },
  ],
  schema: z.object({ action: z.string().trim().max(20).optional(), target: z.string().trim().max(100).optional() }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const action = (args.action ?? 'list').toLowerCase();
    if (action === 'list') return listReply(ctx);
    if (action === 'start') return startReply(ctx, args.target);
    if (action === 'stop') return stopReply(ctx, args.target);
    throw new UserError('drill.badAction', { action }, { showUsage: true });
  },
});
