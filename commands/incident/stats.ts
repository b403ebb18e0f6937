import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { reply, type Block } from '../../src/core/reply.js';
import { formatDuration } from '../../src/core/time.js';

const WINDOW = /^(\d{1,3})([dw])$/i;

/** `/incident stats [--since 30d]`: MTTA / MTTR per severity, counts, breaches, incidents per week, top symptoms. */
export default defineCommand({
  name: 'incident stats',
  summary: { en: 'Incident numbers: MTTA and MTTR per severity, breaches, incidents per week, top symptoms', 'zh-CN': '故障统计：各级别平均确认/解决时间、超时次数、每周故障数、常见症状' },
  usage: '/incident stats [--since 30d]',
  examples: ['/incident stats', '/incident stats --since 90d', '/incident stats --since 12w'],
  params: [],
  flags: [{ name: 'since', description: { en: 'window: days or weeks, e.g. 30d or 12w (default 30d, at most 366d)', 'zh-CN': '统计范围：天或周，例如 30d 或 12w（默认 30d，最长 366d）' } }],
  schema: z.object({
    since: z
      .string()
      .regex(WINDOW)
      .transform((s) => {
        const [, n, unit] = WINDOW.exec(s)!;
        return Number(n) * (unit!.toLowerCase() === 'w' ? 7 : 1);
      })
      .pipe(z.number().int().min(1).max(366))
      .optional(),
  }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    const days = args.since ?? 30;
    const stats = await ctx.services.reviews.stats(days, ctx.services.timeZone);
    const dur = (ms: number | undefined): string => (ms === undefined ? '—' : formatDuration(ms, ctx.locale));
    const blocks: Block[] = [{ type: 'heading', text: ctx.t('stats.heading', { days, total: stats.total, breaches: stats.breaches }) }];
    if (stats.total === 0) return reply(blocks);
    blocks.push({
      type: 'table',
      columns: ['stats.severity', 'stats.count', 'stats.mtta', 'stats.mttr', 'stats.breaches'].map((k) => ctx.t(k as 'stats.count')),
      rows: stats.severities.filter((s) => s.count > 0).map((s) => [s.severity, String(s.count), dur(s.mttaMs), dur(s.mttrMs), String(s.breaches)]),
    });
    blocks.push({ type: 'table', columns: [ctx.t('stats.week'), ctx.t('stats.count')], rows: stats.weeks.map((w) => [w.week, String(w.count)]) });
    const top = stats.symptoms.map((s) => ctx.t('stats.symptom', { name: s.name, manual: s.manual, count: s.count }));
    blocks.push({ type: 'text', text: ctx.t('stats.symptoms', { list: top.length ? top.join(', ') : '—' }) });
    return reply(blocks);
  },
});
