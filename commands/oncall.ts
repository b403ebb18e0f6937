import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { allows } from '../src/core/roles.js';
import { viewOf } from './incident/shared.js';

/**
 * `/oncall`: who is on duty now; `schedule <rotation> [--weeks N]`; `swap|override <rotation> <user>
 * <from> <to> [--reason …] [--force]`; `override remove <OVR-id>`; `handoff [rotation]`. Looking is
 * open to viewers; changing the schedule needs the responder role.
 */
export default defineCommand({
  name: 'oncall',
  summary: { en: 'Who is on duty (值班) now, rotation schedules, swaps and overrides, the hand-off note', 'zh-CN': '查看当前值班人、排班表，换班和临时调整，交接班摘要' },
  usage: '/oncall [schedule <rotation> [--weeks N] | swap|override <rotation> <user> <from> <to> [--reason text] [--force] | override remove <OVR-id> | handoff [rotation]]',
  examples: [
    '/oncall',
    '/oncall schedule ops-weekly --weeks 4',
    '/oncall swap ops-weekly wangwu 2026-12-03 19:00 2026-12-04 09:00 --reason 家里有事',
    '/oncall override ops-weekly lisi 2026-12-05T00:00+08:00 2026-12-06T00:00+08:00 --force',
    '/oncall override remove OVR-3',
    '/oncall handoff ops-weekly',
  ],
  params: [
    { name: 'sub', optional: true, description: { en: 'schedule, swap, override or handoff (nothing: who is on duty now)', 'zh-CN': 'schedule、swap、override 或 handoff（不填：当前值班人）' } },
    {
      name: 'rest',
      optional: true,
      rest: true,
      description: {
        en: 'the rotation, and for swap/override the user and the start and end (2026-12-03 19:00 in the rotation\'s zone, or ISO-8601 with an offset)',
        'zh-CN': '值班表名；swap/override 还需用户、开始和结束时间（值班表时区的 2026-12-03 19:00，或带偏移的 ISO-8601）',
      },
    },
  ],
  flags: [
    { name: 'weeks', description: { en: 'how many weeks /oncall schedule shows (1–12, default 2)', 'zh-CN': '/oncall schedule 显示的周数（1–12，默认 2）' } },
    { name: 'reason', description: { en: 'why (kept with the override)', 'zh-CN': '原因（随临时调整记录）' } },
    { name: 'force', boolean: true, description: { en: 'allow an override for someone who is not a member of the rotation (recorded)', 'zh-CN': '允许安排非值班表成员（会被记录）' } },
  ],
  schema: z.object({
    sub: z.string().trim().max(40).optional(),
    rest: z.string().trim().max(500).optional(),
    weeks: z.string().trim().max(20).optional(),
    reason: z.string().trim().min(1).max(500).optional(),
    force: z.boolean().optional(),
  }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    const oncall = ctx.services.oncall;
    const v = viewOf(ctx);
    const words = (args.rest ?? '').split(/\s+/).filter(Boolean);
    const sub = args.sub?.toLowerCase();
    if (sub === undefined) return oncall.now(v);
    if (sub === 'schedule') {
      const weeks = args.weeks ?? '2';
      if (!/^\d{1,2}$/.test(weeks) || Number(weeks) < 1 || Number(weeks) > 12) throw new UserError('oncall.badWeeks', { value: weeks }, { showUsage: true });
      return oncall.schedule(v, words.join(' '), Number(weeks));
    }
    if (sub === 'handoff') return oncall.handoff(v, words[0]);
    if (sub !== 'swap' && sub !== 'override') throw new UserError('oncall.unknownSub', { sub: args.sub ?? '' }, { showUsage: true });
    if (!allows(ctx.user.roles, ['responder'])) throw new UserError('perm.missingRole', { command: `/oncall ${sub}`, roles: 'responder', user: ctx.user.id, held: ctx.user.roles.join(', ') });
    if (sub === 'override' && words[0]?.toLowerCase() === 'remove') return oncall.remove(v, ctx.user, words[1] ?? '—');
    return oncall.override(v, ctx.user, { kind: sub, words, force: args.force === true, ...(args.reason ? { reason: args.reason } : {}) });
  },
});
