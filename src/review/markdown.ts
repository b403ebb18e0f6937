import { drillSection } from './md-drill.js';
import { pick } from '../core/i18n/index.js';
import { describeEvent, severityLabel, statusLabel } from '../core/incidents/view.js';
import { SEVERITY_INFO } from '../core/incidents/severity.js';
import { INCIDENT_ROLES } from '../core/incidents/status.js';
import { formatDuration } from '../core/time.js';
import type { StoredEvent } from '../store/port.js';
import { cell, row, section, type ReviewContext, type Sink } from './md.js';
import { evidenceSection, fillInSections, pagesSection, phasesSection, requestsSection } from './md-sections.js';
import type { ReviewSummary } from './summary.js';
import { offsetsBetween, zoneTime } from './zone.js';

/** Timeline rows handed to the sink at once: bounded, whatever the length of the timeline. */
const ROWS_PER_CHUNK = 200;

/**
 * Writes the Markdown review (复盘) of one incident to `sink`, in the order a team reviews: summary,
 * key times, timeline, phases, evidence, approvals and actions, pages, then the sections people fill
 * in. `summary` comes from a first pass over the timeline; `events` is a second pass that is
 * streamed into the timeline table, so no whole-timeline string is ever built. Every piece is redacted.
 */
export async function writeMarkdown(summary: ReviewSummary, events: AsyncIterable<StoredEvent>, ctx: ReviewContext, sink: Sink): Promise<void> {
  const out = async (text: string): Promise<void> => {
    if (text) await sink(ctx.redact(text));
  };
  await out(head(summary, ctx));
  await out(keyTimes(summary, ctx));
  const offsets = offsetsBetween(summary.incident.declaredAt, summary.lastEventAt, ctx.v.timeZone);
  const withOffset = offsets.length > 1;
  const { t } = ctx.v;
  await out(
    section(t('review.timeline')) +
      `${withOffset ? t('review.zoneTwo', { zone: ctx.v.timeZone, offsets: offsets.join(' → ') }) : t('review.zoneOne', { zone: ctx.v.timeZone, offset: offsets[0]! })}\n\n` +
      row(['#', t('review.col.time', { offset: offsets.join(' → ') }), t('review.col.who'), t('review.col.what')].map(cell)) +
      row(['---:', '---', '---', '---']),
  );
  let buffer = '';
  let n = 0;
  for await (const e of events) {
    buffer += row([String(e.seq), zoneTime(e.at, ctx.v.timeZone, withOffset), e.actor, describeEvent(ctx.v, e)].map(cell));
    if (++n % ROWS_PER_CHUNK === 0) {
      await out(buffer);
      buffer = '';
    }
  }
  await out(buffer);
  for (const part of [drillSection, phasesSection, evidenceSection, requestsSection, pagesSection, fillInSections]) await out(part(summary, ctx));
}

function head(s: ReviewSummary, ctx: ReviewContext): string {
  const { v } = ctx;
  const { t } = v;
  const inc = s.incident;
  const when = (at: number): string => zoneTime(at, v.timeZone, true);
  const roles = INCIDENT_ROLES.filter((r) => inc.roles[r]).map((r) => `${t(`role.${r}`)}: ${inc.roles[r]}`);
  const duration =
    inc.resolvedAt !== undefined ? formatDuration(inc.resolvedAt - inc.declaredAt, v.locale) : t('review.ongoing', { duration: formatDuration(v.now - inc.declaredAt, v.locale) });
  const changes = s.severityChanges.map((c) => t('review.sevChange', { from: c.from, to: c.to, time: when(c.at), user: c.by }));
  const fields: Array<[string, string]> = [
    [t('review.f.title'), inc.title],
    [t('review.f.severity'), `${severityLabel(v, inc.severity)} — ${pick(v.locale, SEVERITY_INFO[inc.severity].meaning)}`],
    [t('review.f.severityChanges'), changes.length ? changes.join('; ') : t('review.none')],
    [t('review.f.status'), statusLabel(v, inc.status)],
    [t('review.f.duration'), duration],
    [t('review.f.roles'), roles.join(' · ')],
    [t('review.f.impact'), inc.title],
    [t('review.f.resolution'), inc.resolution ?? t('review.notYet')],
  ];
  if (s.counts.reopened > 0) fields.push([t('review.f.reopened'), String(s.counts.reopened)]);
  return (
    `# ${t('review.heading', { id: inc.id, title: inc.title.replace(/\s+/g, ' ') })}\n\n` +
    `> ${t('review.draft', { time: when(v.now), events: s.counts.events })}\n` +
    section(t('review.summary')) +
    fields.map(([k, x]) => `- **${k}**: ${cell(x)}\n`).join('')
  );
}

function keyTimes(s: ReviewSummary, ctx: ReviewContext): string {
  const { v } = ctx;
  const { t } = v;
  const k = s.keyTimes;
  const when = (at: number | undefined, user?: string): string => {
    if (at === undefined) return t('review.notYet');
    const time = zoneTime(at, v.timeZone, true);
    return user ? t('review.k.by', { time, user }) : time;
  };
  const dur = (ms: number | undefined): string => (ms === undefined ? t('review.notYet') : formatDuration(ms, v.locale));
  const inc = s.incident;
  const limit = formatDuration(SEVERITY_INFO[inc.severity].responseMs, v.locale);
  const met =
    k.breachedAt !== undefined ? t('review.breached', { time: when(k.breachedAt) }) : s.responseMet === undefined ? t('review.unknown') : t(s.responseMet ? 'review.met' : 'review.missed');
  const rows: Array<[string, string]> = [
    [t('review.k.declared'), when(k.declaredAt, inc.declaredBy)],
    k.firstAck ? [t('review.k.firstAck'), when(k.firstAck.at, k.firstAck.user)] : [t('review.k.firstResponse'), when(k.firstResponse?.at, k.firstResponse?.user)],
    [t('review.k.mitigated'), when(k.mitigatedAt)],
    [t('review.k.resolved'), when(k.resolvedAt)],
    [t('review.k.tta'), dur(s.durations.ttaMs)],
    [t('review.k.ttm'), dur(s.durations.ttmMs)],
    [t('review.k.ttr'), dur(s.durations.ttrMs)],
    [t('review.k.response', { severity: inc.severity, limit }), met],
  ];
  return section(t('review.keyTimes')) + rows.map(([a, b]) => `- **${a}**: ${cell(b)}\n`).join('');
}
