import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { incidentFlag, incidentIdSchema } from '../incident/shared.js';
import { reasonFlag, requestRemediation } from '../remediation.js';

/** `/cache purge <pattern>`: asks to delete matching Redis keys (count shown first; runs after approval). */
export default defineCommand({
  name: 'cache purge',
  summary: { en: 'Ask to delete Redis keys matching a pattern (count shown first; runs after approval)', 'zh-CN': '申请删除匹配模式的 Redis 键（先显示数量，批准后执行）' },
  usage: '/cache purge <pattern> [--reason text] [--incident INC-id]',
  examples: ['/cache purge "product:cache:*"', '/cache purge "*:cache:sku:42*"'],
  params: [{ name: 'pattern', description: { en: 'a Redis glob pattern with a literal part (never just *)', 'zh-CN': '带固定部分的 Redis 通配模式（不能只是 *）' } }],
  flags: [reasonFlag, incidentFlag],
  schema: z.object({ pattern: z.string().min(1).max(300), reason: z.string().max(500).optional(), incident: incidentIdSchema.optional() }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    return requestRemediation(ctx, 'cache-purge', { pattern: args.pattern }, args);
  },
});
