import { z } from 'zod';
import { digits } from '../src/core/bind-args.js';
import { defineCommand } from '../src/core/command.js';
import { recordOn, startEvidence } from '../src/core/checks/record.js';
import { reply, type Block } from '../src/core/reply.js';
import { incidentFlag, incidentIdSchema } from './incident/shared.js';

/** Log lines kept on the timeline as evidence (the reply shows them all). */
const EXCERPT_LINES = 20;

/** `/logs <service> [--grep text] [--since 10m] [--tail 200]`: container logs via the Docker API, redacted. */
export default defineCommand({
  name: 'logs',
  summary: { en: 'Read a service\'s container logs (redacted, bounded)', 'zh-CN': '查看服务容器日志（已脱敏、有长度上限）' },
  usage: '/logs <service> [--grep text] [--since 10m] [--tail 200] [--incident INC-id]',
  examples: ['/logs backend --grep payment --tail 50', '/logs mysql-master --since 30m', '/logs nginx'],
  params: [{ name: 'service', description: { en: 'a service (or one of its containers) from /check docker', 'zh-CN': '服务名（或其某个容器名），见 /check docker' } }],
  flags: [
    { name: 'grep', description: { en: 'only lines containing this text (plain text, case-insensitive)', 'zh-CN': '只看包含该文本的行（普通文本，不区分大小写）' } },
    { name: 'since', description: { en: 'only the last 30s / 10m / 2h / 1d', 'zh-CN': '只看最近 30s / 10m / 2h / 1d' } },
    { name: 'tail', description: { en: 'at most this many lines, 1–2000 (default 200)', 'zh-CN': '最多显示的行数，1–2000（默认 200）' } },
    incidentFlag,
  ],
  schema: z.object({
    service: z.string().min(1).max(200),
    grep: z.string().min(1).max(200).optional(),
    since: z.string().optional(),
    tail: digits(1, 2000).optional(),
    incident: incidentIdSchema.optional(),
  }),
  risk: 'read',
  roles: ['responder'],
  async run(ctx, args) {
    const evidence = await startEvidence(ctx, args.incident);
    const res = await ctx.services.diagnostics.logs({
      service: args.service,
      ...(args.grep ? { grep: args.grep } : {}),
      ...(args.since ? { since: args.since } : {}),
      ...(args.tail ? { tail: args.tail } : {}),
    });
    const blocks: Block[] = [
      { type: 'heading', text: ctx.t('logs.heading', { service: res.service, container: res.container, state: res.containerState, matched: res.matched, scanned: res.scanned, shown: res.lines.length }) },
      res.lines.length > 0 ? { type: 'code', text: res.lines.join('\n') } : { type: 'text', text: ctx.t('logs.none') },
    ];
    if (res.others.length > 0) blocks.push({ type: 'context', text: ctx.t('logs.others', { service: res.service, others: res.others.join(', ') }) });
    const { grep, since, tail } = args;
    const footer = await recordOn(ctx, evidence, 'logs.read', {
      service: res.service, container: res.container, grep: grep ?? null, since: since ?? null, tail: tail ?? null,
      matched: res.matched, excerpt: res.lines.slice(-EXCERPT_LINES),
    });
    if (footer) blocks.push({ type: 'context', text: footer });
    return reply(blocks);
  },
});
