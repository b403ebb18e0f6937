import { pick } from '../i18n/index.js';
import type { ViewContext } from '../view-context.js';
import { reply, type Block, type Reply, type Tone, type Verdict } from '../reply.js';
import { overall, VERDICT_ORDER } from '../verdict.js';
import type { ProbeResult } from './model.js';

const TONE: Record<Verdict, Tone> = { ok: 'success', warn: 'warning', timeout: 'danger', error: 'danger', crit: 'danger' };
/** Longest evidence shown per result (more goes to the file attachment on chat platforms). */
export const DETAIL_MAX = 3000;

/** `2 crit · 1 warn · 4 ok` in the viewer's language, worst first. */
export function tally(v: ViewContext, results: readonly ProbeResult[]): string {
  return [...VERDICT_ORDER]
    .reverse()
    .map((verdict) => ({ verdict, n: results.filter((r) => r.verdict === verdict).length }))
    .filter((x) => x.n > 0)
    .map((x) => `${x.n} ${v.t(`verdict.${x.verdict}`)}`)
    .join(' · ');
}

/**
 * A check result a tired person reads in five seconds: one verdict row per target, then — for
 * every target that is not ok, or always when `evidence` is set — its findings and the redacted
 * evidence. `lead` is the heading, `footer` a closing context line (timeline, manual advice).
 */
export function checkReply(v: ViewContext, results: readonly ProbeResult[], opts: { lead: string; evidence: boolean; footer?: string[] }): Reply {
  const blocks: Block[] = [
    { type: 'heading', text: `${opts.lead} — ${tally(v, results) || v.t('check.nothing')}` },
    { type: 'verdicts', rows: results.map((r) => ({ verdict: r.verdict, name: r.target, summary: pick(v.locale, r.summary) })) },
  ];
  for (const r of results) {
    if (r.verdict === 'ok' && !opts.evidence) continue;
    const findings = r.findings.filter((f) => f.verdict !== 'ok' || opts.evidence).map((f) => `• ${pick(v.locale, f.text)}`);
    if (findings.length > 0) blocks.push({ type: 'text', text: `${r.target} (${v.t(`verdict.${r.verdict}`)}, ${r.durationMs} ms)\n${findings.join('\n')}` });
    if (r.detail) blocks.push({ type: 'code', text: clip(r.detail, DETAIL_MAX, v.t('check.cut')) });
  }
  for (const line of opts.footer ?? []) blocks.push({ type: 'context', text: line });
  return reply(blocks, TONE[overall(results)]);
}

function clip(text: string, max: number, marker: string): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n${marker}`;
}
