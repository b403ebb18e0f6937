import { cardAlerts, describeAlertEvent } from '../alerts/view.js';
import { describeActionEvent } from '../approvals/view.js';
import { CHECK_EVENT } from '../checks/model.js';
import { cardPaging, describePagingEvent } from '../paging/view.js';
import { pick, type Localized } from '../i18n/index.js';
import type { Block, Field, Reply, Tone, Verdict } from '../reply.js';
import { reply } from '../reply.js';
import { formatClock, formatDateTime, formatDuration } from '../time.js';
import type { StoredEvent } from '../../store/port.js';
import { REPAIRED_EVENT } from '../../store/port.js';
import { EVENT, isOpen, type Incident } from './model.js';
import { SEVERITY_INFO, type Severity } from './severity.js';
import { INCIDENT_ROLES, type IncidentRole, type Status } from './status.js';
import type { ViewContext } from '../view-context.js';

export type { ViewContext } from '../view-context.js';
import { PAGE_SIZE, type TimelinePage } from './timeline-page.js';


/** Right after a declaration the clock reads "respond within 15 min" rather than a countdown. */
const FRESH_MS = 60_000;

const TONE: Record<Severity, Tone> = { P0: 'danger', P1: 'danger', P2: 'warning', P3: 'info' };

/** `P1 严重` / `P1 serious`. */
export function severityLabel(v: ViewContext, s: Severity): string {
  return v.t('severity.label', { severity: s, name: pick(v.locale, SEVERITY_INFO[s].name) });
}

/** Localized status word. */
export function statusLabel(v: ViewContext, s: Status): string {
  return v.t(`status.${s}`);
}

function roleLabel(v: ViewContext, r: IncidentRole): string {
  return v.t(`role.${r}`);
}

/** The response-time clock: time left, overdue, or how long resolution took. */
export function clockText(v: ViewContext, inc: Incident): string {
  if (inc.resolvedAt !== undefined) return v.t('card.resolvedAfter', { duration: formatDuration(inc.resolvedAt - inc.declaredAt, v.locale) });
  if (inc.eventCount === 1 && v.now - inc.declaredAt < FRESH_MS) {
    return v.t('card.respondWithin', { duration: formatDuration(SEVERITY_INFO[inc.severity].responseMs, v.locale) });
  }
  const left = inc.respondBy - v.now;
  if (left < 0) return v.t('card.overdue', { over: formatDuration(-left, v.locale) });
  return v.t('card.respondLeft', { time: formatClock(inc.respondBy, v.timeZone), left: formatDuration(left, v.locale) });
}

/** The one-line summary used as the card heading and in confirmations. */
export function incidentLine(v: ViewContext, inc: Incident): string {
  return v.t('card.line', {
    id: inc.id,
    severity: severityLabel(v, inc.severity),
    status: statusLabel(v, inc.status),
    commander: inc.commander,
    clock: clockText(v, inc),
  });
}

/** The incident card: heading line plus the fields a responder needs at a glance. */
export function incidentCard(v: ViewContext, inc: Incident, lead?: string): Reply {
  const roles = INCIDENT_ROLES.filter((r) => inc.roles[r]).map((r) => `${roleLabel(v, r)}: ${inc.roles[r]}`);
  const fields: Field[] = [
    { label: v.t('label.title'), value: inc.title },
    { label: v.t('label.severity'), value: `${severityLabel(v, inc.severity)} — ${pick(v.locale, SEVERITY_INFO[inc.severity].meaning)}` },
    { label: v.t('label.status'), value: statusLabel(v, inc.status) },
    { label: v.t('label.roles'), value: roles.join(' · ') },
    { label: v.t('label.declared'), value: v.t('value.declared', { time: formatDateTime(inc.declaredAt, v.timeZone), user: inc.declaredBy }) },
  ];
  if (isOpen(inc)) fields.push({ label: v.t('label.respondBy'), value: formatDateTime(inc.respondBy, v.timeZone) });
  if (inc.resolution) fields.push({ label: v.t('label.resolution'), value: inc.resolution });
  const paging = cardPaging(v, inc);
  fields.push(...cardAlerts(v, inc), ...paging.fields, { label: v.t('label.events'), value: v.t('value.events', { count: inc.eventCount, id: inc.id }) });
  const blocks: Block[] = [];
  if (lead) blocks.push({ type: 'text', text: lead });
  blocks.push({ type: 'heading', text: incidentLine(v, inc) }, { type: 'fields', fields });
  if (paging.context) blocks.push({ type: 'context', text: paging.context });
  if (paging.buttons.length > 0) blocks.push({ type: 'buttons', buttons: paging.buttons });
  return reply(blocks, isOpen(inc) ? TONE[inc.severity] : 'success', inc.id);
}

/** The incident list as a table (or a sentence when empty), then the ids of incidents whose stored timeline is damaged. */
export function incidentList(v: ViewContext, incidents: Incident[], days: number, damaged: string[] = []): Reply {
  const note: Block[] = damaged.length ? [{ type: 'text', text: v.t('list.damaged', { ids: damaged.join(', ') }) }] : [];
  if (incidents.length === 0) return reply([{ type: 'text', text: v.t('list.empty', { days }) }, ...note]);
  const rows = incidents.map((i) => [
    i.id,
    severityLabel(v, i.severity),
    statusLabel(v, i.status),
    i.commander,
    formatDuration((i.resolvedAt ?? v.now) - i.declaredAt, v.locale),
    i.title,
  ]);
  const columns = ['list.id', 'list.severity', 'list.status', 'list.commander', 'list.age', 'list.title'] as const;
  return reply([
    { type: 'heading', text: v.t('list.heading', { days }) },
    { type: 'table', columns: columns.map((c) => v.t(c)), rows },
    ...note,
  ]);
}

/** One timeline event as a sentence (unknown event types are shown generically, never hidden). */
export function describeEvent(v: ViewContext, e: StoredEvent): string {
  const d = e.data;
  const s = (k: string): string => {
    const x = d[k];
    return typeof x === 'string' || typeof x === 'number' ? String(x) : x == null ? '' : JSON.stringify(x);
  };
  switch (e.type) {
    case EVENT.declared:
      return v.t('event.declared', { severity: severityLabel(v, d.severity as Severity), title: s('title'), commander: s('commander') });
    case EVENT.note:
      return v.t('event.note', { text: s('text') });
    case EVENT.severity:
      return v.t('event.severity', { from: s('from'), to: s('to') });
    case EVENT.status:
      return v.t('event.status', { from: statusLabel(v, d.from as Status), to: statusLabel(v, d.to as Status) });
    case EVENT.role:
      return d.user
        ? v.t('event.role', { user: s('user'), role: roleLabel(v, d.role as IncidentRole) })
        : v.t('event.roleCleared', { role: roleLabel(v, d.role as IncidentRole) });
    case EVENT.resolved:
      return v.t('event.resolved', { summary: s('summary') });
    case EVENT.reopened:
      return v.t('event.reopened', { reason: d.reason ? s('reason') : '—' });
    case EVENT.pinned: {
      const when = typeof d.messageAt === 'number' ? v.t('event.pinnedAt', { time: formatDateTime(d.messageAt, v.timeZone, true) }) : '';
      return v.t('event.pinned', { author: s('author'), when, text: s('text'), link: d.permalink ? ` <${s('permalink')}>` : '' });
    }
    case CHECK_EVENT: {
      const results = (d.results ?? []) as Array<{ target: string; verdict: Verdict; summary: Localized }>;
      const summary = results.length === 1 ? results[0]!.summary[v.locale] : results.map((r) => `${r.target} ${v.t(`verdict.${r.verdict}`)}`).join(', ');
      return v.t('event.check', { command: s('command'), verdict: v.t(`verdict.${d.verdict as Verdict}`), summary });
    }
    case 'logs.read':
      return v.t('event.logs', { service: s('service'), container: s('container'), matched: s('matched'), grep: d.grep ? ` --grep ${s('grep')}` : '' });
    case REPAIRED_EVENT:
      return v.t('event.repaired', { bytes: s('bytes'), savedTo: s('savedTo') });
    default:
      return describeActionEvent(v, e.type, d) ?? describePagingEvent(v, e.type, d) ?? describeAlertEvent(v, e.type, d) ?? v.t('event.other', { type: e.type, data: JSON.stringify(d) });
  }
}

/** One page of a timeline: time, actor and what happened, newest first, and how to see more. `sinceArg` is the `--since` typed. */
export function timelinePageReply(v: ViewContext, p: TimelinePage, sinceArg?: string): Reply {
  const { id, title } = p.incident;
  const blocks: Block[] = [{ type: 'heading', text: v.t('timeline.heading', { id, title }) }];
  const since = p.since === undefined ? undefined : formatDateTime(p.since, v.timeZone);
  if (p.events.length === 0) {
    blocks.push({ type: 'text', text: v.t('timeline.noneSince', { id, time: since ?? '—' }) });
    return reply(blocks, 'info');
  }
  const rows = p.events.map((e) => [formatDateTime(e.at, v.timeZone, true), e.actor, describeEvent(v, e)]);
  blocks.push({ type: 'table', columns: [v.t('timeline.when'), v.t('timeline.who'), v.t('timeline.what')], rows });
  const notes: string[] = since === undefined ? [] : [v.t('timeline.since', { time: since })];
  if (p.pages > 1) {
    const from = (p.page - 1) * PAGE_SIZE + 1;
    notes.push(v.t('timeline.pageInfo', { from, to: from + p.events.length - 1, total: p.total, page: p.page, pages: p.pages }));
    if (p.page < p.pages) notes.push(v.t('timeline.older', { id: sinceArg ? `${id} --since ${sinceArg}` : id, next: p.page + 1 }));
    notes.push(v.t('timeline.whole', { id }));
  }
  if (notes.length > 0) blocks.push({ type: 'context', text: notes.join(' ') });
  return reply(blocks, 'info');
}
