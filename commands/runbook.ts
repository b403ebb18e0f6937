import { z } from 'zod';
import { defineCommand, type CommandContext } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { pick } from '../src/core/i18n/index.js';
import type { Symptom } from '../src/core/checks/symptoms.js';
import { reply, type Block, type Button } from '../src/core/reply.js';
import { nearest } from '../src/core/suggest.js';
import { remediationCommand } from './remediation-command.js';

/** The symptom a word names, or a user error naming the known ones and the nearest. */
export function symptomOrRefuse(ctx: CommandContext, word: string): Symptom {
  const { runbook } = ctx.services;
  const found = runbook.find(word);
  if (found) return found;
  const guess = nearest(word, [...runbook.names(), ...runbook.symptoms.flatMap((s) => s.aliases)]);
  const hint = guess ? ctx.t('runbook.didYouMean', { word: guess }) : '';
  throw new UserError('runbook.unknown', { symptom: word, hint, known: runbook.names().join(', ') }, { showUsage: true });
}

function section(ctx: CommandContext, s: Symptom): Block[] {
  const checks = s.checks.map((c) => `/check ${c.target}${c.name ? ` ${c.name}` : ''}`).join(' · ');
  const blocks: Block[] = [
    { type: 'heading', text: ctx.t('runbook.heading', { manual: s.manual, title: pick(ctx.locale, s.title), symptom: s.name }) },
    { type: 'fields', fields: [{ label: ctx.t('runbook.aliases'), value: s.aliases.join(', ') || '—' }, { label: ctx.t('runbook.checks', { symptom: s.name }), value: checks }] },
    { type: 'text', text: `${ctx.t('runbook.next')}:\n${s.next.map((n, i) => `${i + 1}. ${pick(ctx.locale, n)}`).join('\n')}` },
  ];
  const buttons: Button[] = [];
  const manual: string[] = [];
  s.remediations.forEach((r, i) => {
    const command = remediationCommand(r);
    if (command) buttons.push({ id: `remediate-${i}`, label: command, command });
    else manual.push(ctx.t('runbook.manualOnly', { action: r.action, params: JSON.stringify(r.params) }));
  });
  blocks.push({ type: 'text', text: s.remediations.length > 0 ? ctx.t('runbook.remediations') : ctx.t('runbook.noRemediation') });
  if (manual.length > 0) blocks.push({ type: 'text', text: manual.join('\n') });
  buttons.push({ id: 'diagnose', label: ctx.t('runbook.diagnose', { symptom: s.name }), style: 'primary', command: `/diagnose ${s.name}` });
  blocks.push({ type: 'buttons', buttons });
  return blocks;
}

/** `/runbook [symptom]`: the runbook's section for a symptom (checks, next steps, remediations as buttons), or the list of symptoms. */
export default defineCommand({
  name: 'runbook',
  summary: { en: 'Show the runbook: a symptom\'s checks, next steps and suggested remediations', 'zh-CN': '查看手册：某个症状的检查项、下一步和建议的修复操作' },
  usage: '/runbook [symptom]',
  examples: ['/runbook', '/runbook 502', '/runbook 死锁'],
  params: [{ name: 'symptom', optional: true, description: { en: 'a symptom id or alias (as for /diagnose); leave out to list them', 'zh-CN': '症状 id 或别名（与 /diagnose 相同）；省略则列出全部' } }],
  schema: z.object({ symptom: z.string().min(1).max(100).optional() }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    if (args.symptom) return reply(section(ctx, symptomOrRefuse(ctx, args.symptom)));
    const { symptoms } = ctx.services.runbook;
    return reply([
      { type: 'heading', text: ctx.t('runbook.listHeading', { count: symptoms.length }) },
      { type: 'table', columns: ctx.t('runbook.columns').split('|'), rows: symptoms.map((s) => [s.name, s.manual, pick(ctx.locale, s.title), s.aliases.join(', ')]) },
      { type: 'context', text: ctx.t('runbook.listHint') },
    ]);
  },
});
