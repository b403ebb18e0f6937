import { pick } from '../core/i18n/index.js';
import { statusLabel } from '../core/incidents/view.js';
import { formatDuration } from '../core/time.js';
import { cell, section, table, type ReviewContext } from './md.js';
import type { ReviewSummary } from './summary.js';
import { zoneTime } from './zone.js';

/** Characters Mermaid reads as syntax in a gantt line; stripped from labels. */
const MERMAID_SYNTAX = /[:#;\n\r`]/g;

/**
 * The lifecycle as a Mermaid gantt chart. Only the first phase is placed at a wall-clock time; the
 * others follow it by their real durations, so a DST change during the incident cannot make a phase
 * end before it starts.
 */
export function phasesSection(s: ReviewSummary, ctx: ReviewContext): string {
  const { v } = ctx;
  const end = s.incident.resolvedAt ?? v.now;
  const lines = s.phases.map((p, i) => {
    const ms = (p.end ?? (p.status === 'resolved' ? p.start : end)) - p.start;
    const label = statusLabel(v, p.status).replace(MERMAID_SYNTAX, ' ');
    const start = i === 0 ? zoneTime(p.start, v.timeZone) : `after p${i}`;
    if (p.status === 'resolved') return `    ${label} :milestone, p${i + 1}, ${start}, 0m`;
    return `    ${label} :${p.end === undefined ? 'active' : 'done'}, p${i + 1}, ${start}, ${Math.max(1, Math.round(ms / 60_000))}m`;
  });
  return (
    section(v.t('review.phases')) +
    '```mermaid\ngantt\n' +
    `    title ${s.incident.id} (${v.timeZone})\n` +
    '    dateFormat YYYY-MM-DD HH:mm:ss\n    axisFormat %H:%M\n' +
    `    section ${s.incident.id}\n` +
    lines.join('\n') +
    '\n```\n'
  );
}

/** Each recorded diagnostic: command, verdict, and per target its summary and (bounded) evidence. */
export function evidenceSection(s: ReviewSummary, ctx: ReviewContext): string {
  const { v } = ctx;
  const { t } = v;
  if (s.checks.total === 0) return section(t('review.evidence')) + `${t('review.evidenceNone')}\n`;
  const more = s.checks.total > s.checks.shown.length ? `${t('review.evidenceMore', { total: s.checks.total, shown: s.checks.shown.length })}\n\n` : '';
  const runs = s.checks.shown.map((c) => {
    const head = `### ${zoneTime(c.at, v.timeZone, true)} · \`${c.command.replace(/`/g, "'")}\` · ${t(`verdict.${c.verdict}`)} · ${cell(c.actor)}\n\n`;
    const items = c.results.map((r) => {
      const detail = r.detail ? `\n\n  \`\`\`text\n${r.detail.replace(/```/g, "'''").split('\n').map((l) => `  ${l}`).join('\n')}\n  \`\`\`` : '';
      return `- **${cell(r.target)}** ${t(`verdict.${r.verdict}`)}: ${cell(pick(v.locale, r.summary))}${detail}\n`;
    });
    return head + items.join('');
  });
  return section(t('review.evidence')) + more + runs.join('\n');
}

/** Who requested, who approved, what ran, the result and the verification of every remediation. */
export function requestsSection(s: ReviewSummary, ctx: ReviewContext): string {
  const { v } = ctx;
  const { t } = v;
  if (s.requests.total === 0) return section(t('review.requests')) + `${t('review.requestsNone')}\n`;
  const more = s.requests.total > s.requests.shown.length ? `${t('review.requestsMore', { total: s.requests.total, shown: s.requests.shown.length })}\n\n` : '';
  const rows = s.requests.shown.map((r) => {
    const state = r.outcome ? t(`state.${r.outcome.state as 'executed'}`) : t('state.pending');
    const result = r.outcome ? `${state}${r.outcome.result ? `: ${pick(v.locale, r.outcome.result)}` : ''}${r.outcome.reason ? `: ${r.outcome.reason}` : ''}` : state;
    return [
      r.id,
      `${r.kind} ${JSON.stringify(r.params)}${r.summary ? ` — ${pick(v.locale, r.summary)}` : ''}`,
      `${r.requestedBy} (${zoneTime(r.requestedAt, v.timeZone, true)})`,
      r.approvals.map((a) => `${a.by} (${zoneTime(a.at, v.timeZone, true)})`).join(', ') || t('review.none'),
      result,
      r.verification ? `${t(`verdict.${r.verification.verdict as 'ok'}`)} ${r.verification.summary.join('; ')}` : t('review.notYet'),
    ];
  });
  const cols = ['request', 'action', 'requestedBy', 'approvedBy', 'result', 'verification'] as const;
  return section(t('review.requests')) + more + table(cols.map((c) => t(`review.col.${c}`)), rows);
}

/** Pages and acknowledgements per person; a plain sentence when nothing was paged. */
export function pagesSection(s: ReviewSummary, ctx: ReviewContext): string {
  const { v } = ctx;
  const { t } = v;
  if (s.pages.length === 0) return section(t('review.pages')) + `${t('review.pagesNone')}\n`;
  const rows = s.pages.map((p) => [
    p.user && p.user !== p.name ? `${p.name} (${p.user})` : p.name,
    p.level === undefined ? '' : String(p.level),
    String(p.pages),
    p.channels.join(', '),
    `${p.delivered} / ${p.failed}`,
    p.firstPagedAt === undefined ? t('review.notYet') : zoneTime(p.firstPagedAt, v.timeZone, true),
    p.ackAt === undefined
      ? t('review.notYet')
      : t('review.ackAfter', { time: zoneTime(p.ackAt, v.timeZone, true), duration: formatDuration(p.ackAt - (p.firstPagedAt ?? p.ackAt), v.locale), via: p.ackVia ?? '' }),
  ]);
  const cols = ['person', 'level', 'pages', 'channels', 'delivery', 'firstPaged', 'acked'] as const;
  return section(t('review.pages')) + table(cols.map((c) => t(`review.col.${c}`)), rows);
}

/** The sections the team writes: 5 Whys, went well / badly, action items, manual sections to update. */
export function fillInSections(s: ReviewSummary, ctx: ReviewContext): string {
  const { v } = ctx;
  const { t } = v;
  const link = (n: string): string => (ctx.manualUrl ? `[${n}](${ctx.manualUrl.replace('{section}', encodeURIComponent(n))})` : n);
  const whys = [1, 2, 3, 4, 5].map((n) => `${n}. ${t('review.why')} \n`).join('');
  const touched = s.symptoms.map((x) => `- [ ] ${t('review.manualSymptom', { section: link(x.manual), title: pick(v.locale, x.title), name: x.name })}\n`);
  const items = table(
    ['item', 'owner', 'due', 'status'].map((c) => t(`review.col.${c as 'item'}`)),
    [['', '', '', '']],
  );
  return (
    section(t('review.rootCause')) +
    `_${t('review.rootCauseHint')}_\n\n${whys}` +
    section(t('review.wentWell')) +
    '- \n' +
    section(t('review.wentBadly')) +
    '- \n' +
    section(t('review.actionItems')) +
    items +
    section(t('review.manual')) +
    (touched.length ? `${t('review.manualTouched')}\n\n${touched.join('')}` : `${t('review.manualNone')}\n\n`) +
    `- [ ] ${t('review.manualReview').replace(/^3\.5/, link('3.5'))}\n`
  );
}
