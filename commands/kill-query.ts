import { z } from 'zod';
import { digits } from '../src/core/bind-args.js';
import { defineCommand } from '../src/core/command.js';
import { incidentFlag, incidentIdSchema } from './incident/shared.js';
import { reasonFlag, requestRemediation } from './remediation.js';

/** `/kill-query <thread-id>`: asks to KILL a MySQL thread (runs after approval, if it still runs the same statement). */
export default defineCommand({
  name: 'kill-query',
  summary: { en: 'Ask to kill a MySQL query or connection (runs after another person approves)', 'zh-CN': '申请终止 MySQL 查询或连接（他人批准后执行）' },
  usage: '/kill-query <thread-id> [--query-only] [--reason text] [--incident INC-id]',
  examples: ['/kill-query 1234', '/kill-query 1234 --query-only --reason "SLEEP holding locks"'],
  params: [{ name: 'id', description: { en: 'the thread id from /check mysql (process list)', 'zh-CN': '线程 id，见 /check mysql（进程列表）' } }],
  flags: [
    { name: 'query-only', boolean: true, description: { en: 'KILL QUERY (stop the statement, keep the connection)', 'zh-CN': 'KILL QUERY（只终止语句，保留连接）' } },
    reasonFlag,
    incidentFlag,
  ],
  schema: z.object({
    id: digits(1),
    'query-only': z.boolean().optional(),
    reason: z.string().max(500).optional(),
    incident: incidentIdSchema.optional(),
  }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    return requestRemediation(ctx, 'kill-query', { id: args.id, queryOnly: args['query-only'] === true }, args);
  },
});
