import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { pick } from '../src/core/i18n/index.js';
import { recordEvidence, startEvidence } from '../src/core/checks/record.js';
import { findSymptom, SYMPTOMS } from '../src/core/checks/symptoms.js';
import { checkReply } from '../src/core/checks/view.js';
import { incidentFlag, incidentIdSchema, viewOf } from './incident/shared.js';

/** `/diagnose <symptom>`: runs the checks the manual prescribes for a symptom and says what to do next. */
export default defineCommand({
  name: 'diagnose',
  summary: { en: 'Run the manual\'s checks for a symptom and suggest next steps', 'zh-CN': '按手册针对某个症状运行检查，并给出下一步建议' },
  usage: '/diagnose <502|slow-api|db-conn|redis|disk|oversell|payment-callback|miniprogram|order-state|deadlock|down> [--incident INC-id]',
  examples: ['/diagnose 502', '/diagnose payment-callback', '/diagnose 超卖'],
  params: [
    {
      name: 'symptom',
      description: {
        en: `one of ${SYMPTOMS.map((s) => s.name).join(', ')} (Chinese names work too: ${SYMPTOMS.map((s) => s.aliases[0]).join('、')})`,
        'zh-CN': `${SYMPTOMS.map((s) => s.name).join('、')} 之一（也可用中文：${SYMPTOMS.map((s) => s.aliases[0]).join('、')}）`,
      },
    },
  ],
  flags: [incidentFlag],
  schema: z.object({ symptom: z.string().min(1).max(100), incident: incidentIdSchema.optional() }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    const symptom = findSymptom(args.symptom);
    if (!symptom) {
      throw new UserError('diagnose.unknown', { symptom: args.symptom, known: SYMPTOMS.map((s) => s.name).join(', ') }, { showUsage: true });
    }
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
