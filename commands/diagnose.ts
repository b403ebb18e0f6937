import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { pick } from '../src/core/i18n/index.js';
import { recordEvidence, startEvidence } from '../src/core/checks/record.js';
import { checkReply } from '../src/core/checks/view.js';
import { incidentFlag, incidentIdSchema, viewOf } from './incident/shared.js';
import { symptomOrRefuse } from './runbook.js';

/** `/diagnose <symptom>`: runs the checks the runbook prescribes for a symptom and says what to do next. */
export default defineCommand({
  name: 'diagnose',
  summary: { en: 'Run the manual\'s checks for a symptom and suggest next steps', 'zh-CN': '按手册针对某个症状运行检查，并给出下一步建议' },
  usage: '/diagnose <symptom> [--incident INC-id]',
  examples: ['/diagnose 502', '/diagnose payment-callback', '/diagnose 超卖'],
  params: [
    {
      name: 'symptom',
      description: {
        en: 'a symptom of the runbook, by id or alias (Chinese names work too; /runbook lists them)',
        'zh-CN': '手册中的症状，id 或别名（可用中文；/runbook 列出全部）',
      },
    },
  ],
  flags: [incidentFlag],
  schema: z.object({ symptom: z.string().min(1).max(100), incident: incidentIdSchema.optional() }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    const symptom = symptomOrRefuse(ctx, args.symptom);
    const evidence = await startEvidence(ctx, args.incident);
    const runs = await Promise.all(symptom.checks.map((c) => ctx.services.diagnostics.check(c.target, c.name)));
    const results = runs.flat();
    const bad = results.filter((r) => r.verdict !== 'ok');
    const footer = [
      bad.length > 0 ? ctx.t('diagnose.suspects', { targets: bad.map((r) => r.target).join(', ') }) : ctx.t('diagnose.allOk'),
      ...symptom.next.map((n) => ctx.t('diagnose.next', { manual: symptom.manual, advice: pick(ctx.locale, n) })),
      await recordEvidence(ctx, evidence, `/diagnose ${symptom.name}`, results),
    ];
    const lead = ctx.t('diagnose.lead', { symptom: symptom.name, manual: symptom.manual, title: pick(ctx.locale, symptom.title) });
    return checkReply(viewOf(ctx), results, { lead, evidence: false, footer });
  },
});
