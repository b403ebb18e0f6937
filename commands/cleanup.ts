import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { incidentFlag, incidentIdSchema } from './incident/shared.js';
import { reasonFlag, requestRemediation } from './remediation.js';

/** `/cleanup docker`: asks to remove stopped containers and dangling images (reclaimable size shown first; runs after approval). */
export default defineCommand({
  name: 'cleanup',
  summary: {
    en: 'Ask to remove stopped containers and dangling Docker images (space shown first; runs after approval)',
    'zh-CN': '申请删除已停止的容器和悬空 Docker 镜像（先显示可释放空间，批准后执行）',
  },
  usage: '/cleanup docker [--reason text] [--incident INC-id]',
  examples: ['/cleanup docker --reason "磁盘 95%"'],
  params: [{ name: 'what', description: { en: 'what to clean up: docker (stopped containers, dangling images; manual 2.7)', 'zh-CN': '清理对象：docker（已停止的容器、悬空镜像；手册 2.7）' } }],
  flags: [reasonFlag, incidentFlag],
  schema: z.object({
    what: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(['docker'])),
    reason: z.string().max(500).optional(),
    incident: incidentIdSchema.optional(),
  }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    return requestRemediation(ctx, 'docker-cleanup', {}, args);
  },
});
