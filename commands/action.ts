import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { echo } from '../src/core/bind-args.js';
import { UserError } from '../src/core/errors.js';
import { pick } from '../src/core/i18n/index.js';
import { tokenize } from '../src/core/tokenize.js';
import { incidentFlag, incidentIdSchema } from './incident/shared.js';
import { reasonFlag, requestRemediation } from './remediation.js';

/** `/action <name> key=value …`: asks to run a custom action declared in config (runs after approval). */
export default defineCommand({
  name: 'action',
  summary: { en: 'Ask to run a custom action from the config (runs after another person approves)', 'zh-CN': '申请执行配置中的自定义操作（他人批准后执行）' },
  usage: '/action <name> [param=value …] [--reason text] [--incident INC-id]',
  examples: ['/action release-lock order_id=B20261122001', '/action sku-off-sale sku_id=42 --reason 超卖'],
  params: [
    { name: 'name', description: { en: 'a custom action from `actions.custom` in zhiban.yml', 'zh-CN': 'zhiban.yml 中 `actions.custom` 里的自定义操作名' } },
    { name: 'assignments', rest: true, optional: true, description: { en: 'its parameters as name=value', 'zh-CN': '参数，写成 名称=值' } },
  ],
  flags: [reasonFlag, incidentFlag],
  schema: z.object({ name: z.string().min(1).max(100), assignments: z.string().optional(), reason: z.string().max(500).optional(), incident: incidentIdSchema.optional() }),
  risk: 'write',
  roles: ['responder'],
  async run(ctx, args) {
    const specs = ctx.services.actions.customActions();
    const spec = specs.find((a) => a.name === args.name.toLowerCase());
    if (!spec) {
      const known = specs.map((a) => `${a.name} (${a.params.map((p) => `${p.name}=…`).join(' ')}): ${pick(ctx.locale, a.title)}`);
      throw new UserError('action.unknown', { name: args.name, known: known.length ? known.join('; ') : '—' }, { showUsage: true });
    }
    const params: Record<string, unknown> = {};
    for (const tok of tokenize(args.assignments ?? '')) {
      const eq = tok.value.indexOf('=');
      if (eq <= 0) throw new UserError('action.badAssignment', { text: echo(tok.value), params: spec.params.map((p) => `${p.name}=…`).join(' ') }, { showUsage: true });
      params[tok.value.slice(0, eq)] = tok.value.slice(eq + 1);
    }
    return requestRemediation(ctx, spec.kind, params, args);
  },
});
