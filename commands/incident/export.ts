import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { reply, type Block } from '../../src/core/reply.js';
import { isZone } from '../../src/review/zone.js';
import { shownPath } from './review-shared.js';
import { idParam } from './shared.js';

/** Exports up to this size are also shown in the reply; larger ones only by their path. */
const SHOWN_BYTES = 32_000;

/** `/incident export [id] md|json [--tz Zone]`: the review draft in Markdown, or the lossless JSON timeline. */
export default defineCommand({
  name: 'incident export',
  summary: { en: 'Export an incident as a Markdown review (复盘) or lossless JSON', 'zh-CN': '导出故障：Markdown 复盘草稿或完整的 JSON' },
  usage: '/incident export [INC-id] <md|json> [--tz Asia/Shanghai]',
  examples: ['/incident export INC-20261122-001 md', '/incident export INC-20261122-001 json', '/incident export INC-20261122-001 md --tz America/New_York'],
  params: [idParam, { name: 'format', description: { en: 'md (the review draft) or json (every event, lossless)', 'zh-CN': 'md（复盘草稿）或 json（全部事件，无损）' } }],
  flags: [{ name: 'tz', description: { en: 'time zone of the times shown, e.g. Asia/Shanghai (default: the configured one)', 'zh-CN': '显示时间所用的时区，例如 Asia/Shanghai（默认：配置的时区）' } }],
  schema: z.object({
    id: z.string().optional(),
    format: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['md', 'json'])),
    tz: z.string().min(1).max(64).optional(),
  }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    if (args.tz !== undefined && !isZone(args.tz)) throw new UserError('review.badZone', { zone: args.tz }, { showUsage: true });
    const id = args.id ?? (await ctx.services.incidents.resolveId(undefined)).id;
    const view = { locale: ctx.locale, timeZone: args.tz ?? ctx.services.timeZone };
    const { reviews } = ctx.services;
    const blocks: Block[] = [];
    if (reviews.writesFiles) {
      const file = await reviews.writeExport(id, args.format, view);
      blocks.push({ type: 'text', text: ctx.t('review.exported', { id, format: args.format, path: shownPath(file.path), events: file.summary.counts.events }) });
      if (file.bytes <= SHOWN_BYTES) blocks.push({ type: 'code', text: await readFile(file.path, 'utf8'), title: `${id}.${args.format}` });
    } else {
      const { text, truncated } = await reviews.exportText(id, args.format, view, SHOWN_BYTES);
      blocks.push({ type: 'code', text, title: `${id}.${args.format}` });
      if (truncated) blocks.push({ type: 'context', text: ctx.t('review.cut') });
    }
    return reply(blocks, 'success');
  },
});
