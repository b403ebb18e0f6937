import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { MAX_PAGE, parseWindow } from '../../src/core/incidents/timeline-page.js';
import { timelinePageReply } from '../../src/core/incidents/view.js';
import { idParam, viewOf } from './shared.js';

/** `/incident timeline [id] [--page n] [--since 2h]`: every step, who and when, newest first, a page at a time. */
export default defineCommand({
  name: 'incident timeline',
  summary: { en: 'Show the timeline of an incident: every step, who and when', 'zh-CN': '查看故障时间线：每一步、谁、何时' },
  usage: '/incident timeline [INC-id] [--page 2] [--since 2h]',
  examples: ['/incident timeline INC-20261122-001', '/incident timeline --since 30m', '/incident timeline INC-20261122-001 --page 2'],
  params: [idParam],
  flags: [
    { name: 'page', description: { en: `which page, newest first: 1 (default) to ${MAX_PAGE}`, 'zh-CN': `第几页（最新的在前）：1（默认）到 ${MAX_PAGE}` } },
    { name: 'since', description: { en: 'only events of the last 30m / 2h / 7d', 'zh-CN': '只看最近 30m / 2h / 7d 的事件' } },
  ],
  schema: z.object({
    id: z.string().optional(),
    page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
    since: z.string().max(20).optional(),
  }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    const inc = await ctx.services.incidents.resolveId(args.id);
    const since = args.since === undefined ? undefined : ctx.clock.now() - parseWindow(args.since);
    const page = await ctx.services.incidents.timelinePage(inc.id, { page: args.page, ...(since === undefined ? {} : { since }) });
    return timelinePageReply(viewOf(ctx), page, args.since);
  },
});
