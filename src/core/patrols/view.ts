import { checkReply, tally } from '../checks/view.js';
import type { Block, Reply } from '../reply.js';
import { reply } from '../reply.js';
import { pick } from '../i18n/index.js';
import type { ViewContext } from '../view-context.js';
import type { PatrolRun } from './port.js';

function incidentLines(v: ViewContext, run: PatrolRun): string[] {
  return run.incidents.map((i) => v.t(i.opened ? 'patrol.opened' : 'patrol.stillOpen', { id: i.id, check: i.check }));
}

/** `/patrol run`: the full result (verdicts, findings and evidence of what is not ok), and the incidents it led to. */
export function patrolRunReply(v: ViewContext, run: PatrolRun): Reply {
  return checkReply(v, run.results, { lead: v.t('patrol.lead', { name: run.name }), evidence: false, footer: incidentLines(v, run) });
}

/** The compact summary a scheduled run posts: one line per check, then what is wrong in one line each. */
export function patrolSummary(v: ViewContext, run: PatrolRun): Reply {
  const bad = run.results.filter((r) => r.verdict !== 'ok');
  const blocks: Block[] = [
    { type: 'heading', text: `${v.t('patrol.lead', { name: run.name })} — ${tally(v, run.results) || v.t('check.nothing')}` },
    { type: 'verdicts', rows: run.results.map((r) => ({ verdict: r.verdict, name: r.target, summary: pick(v.locale, r.summary) })) },
  ];
  const lines = [...incidentLines(v, run), ...(bad.length === 0 ? [v.t('patrol.allOk')] : [])];
  for (const line of lines) blocks.push({ type: 'context', text: line });
  return reply(blocks, bad.length === 0 ? 'success' : run.verdict === 'warn' ? 'warning' : 'danger');
}
