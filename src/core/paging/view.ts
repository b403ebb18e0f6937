import { translate, type MessageKey } from '../i18n/index.js';
import type { Incident } from '../incidents/model.js';
import type { ViewContext } from '../view-context.js';
import type { Block, Button, Field, Reply } from '../reply.js';
import { reply } from '../reply.js';
import { formatDateTime, formatDuration } from '../time.js';
import { PAGE_CHANNELS, type PageChannel } from './config.js';
import { currentAck, PAGING_EVENT, type PageTarget, type PagingState } from './model.js';
import type { PageMessage } from './notifier.js';
import type { ExternalContact } from './summary.js';

/** `Slack DM`, `DingTalk @13800138000`, `SMS/voice gateway 13800138000`. */
export function channelLabel(v: Pick<ViewContext, 't'>, channel: PageChannel, address: string): string {
  if (!PAGE_CHANNELS.includes(channel)) return `${String(channel)} ${address}`.trim();
  return v.t(`paging.channel.${channel}`, { address }).trim();
}

/** `张三 运维负责人 — Slack DM, DingTalk @138…`. */
export function personLine(v: Pick<ViewContext, 't'>, p: PageTarget, channels: Array<{ channel: PageChannel; address: string }>): string {
  const via = channels.length > 0 ? channels.map((c) => channelLabel(v, c.channel, c.address)).join(', ') : v.t('paging.nochannel');
  const duty = p.rotation ? v.t('oncall.fromRotation', { rotation: p.rotation }) : '';
  return v.t('paging.person', { name: p.name, title: `${p.title ? ` ${p.title}` : ''}${duty}`, channels: via });
}

/** The plan as the declaring person reads it: who is paged now, what happens next. */
export function planLines(v: ViewContext, state: PagingState, reach: (p: PageTarget) => Array<{ channel: PageChannel; address: string }>): string[] {
  const plan = state.plan;
  if (!plan) return [];
  const [first, ...later] = plan.steps;
  if (!first) return [v.t('paging.planPost', { severity: plan.severity })];
  const levels = first.levels.join('–');
  const lines = [
    first.people.length > 0
      ? v.t('paging.plan', { levels, severity: plan.severity, people: first.people.map((p) => personLine(v, p, reach(p))).join(' · ') })
      : v.t('paging.planNobody', { levels, severity: plan.severity }),
  ];
  for (const s of later) lines.push(v.t('paging.planLater', { levels: s.levels.join('–'), after: formatDuration(s.dueAt - plan.startedAt, v.locale) }));
  if (plan.policy.repeatMinutes) lines.push(v.t('paging.planRepeat', { every: formatDuration(plan.policy.repeatMinutes * 60_000, v.locale) }));
  return lines;
}

/** `/paging`: the state, then who was paged when, on which channel, delivered or failed, who acked. */
export function pagingReply(v: ViewContext, inc: Incident, state: PagingState): Reply {
  const ack = currentAck(state);
  const status = ack
    ? v.t('paging.state.acked', { user: ack.user, time: formatDateTime(ack.at, v.timeZone, true) })
    : state.active
      ? v.t('paging.state.active', { level: state.level })
      : state.stopped
        ? v.t('paging.state.stopped', { why: state.stopped.why })
        : v.t('paging.state.none');
  const blocks: Block[] = [{ type: 'heading', text: v.t('paging.heading', { id: inc.id, state: status }) }];
  if (state.pages.length > 0) {
    const mark = { sent: v.t('paging.cell.sent'), failed: v.t('paging.cell.failed'), queued: v.t('paging.cell.queued') };
    const rows = state.pages.map((p) => {
      const acked = state.acks.find((a) => a.user === p.person.user && a.at >= p.at);
      const channels = Object.entries(p.channels).map(([c, s]) => `${channelLabel(v, c as PageChannel, s.address)} ${mark[s.state]}`);
      return [formatDateTime(p.at, v.timeZone, true), `${p.person.name}${p.person.user ? ` (${p.person.user})` : ''}`, String(p.person.level), channels.join(', ') || v.t('paging.nochannel'), acked ? formatDateTime(acked.at, v.timeZone, true) : ''];
    });
    const cols = ['paging.col.when', 'paging.col.who', 'paging.col.level', 'paging.col.channels', 'paging.col.ack'] as const;
    blocks.push({ type: 'table', columns: cols.map((c) => v.t(c)), rows });
  }
  if (state.breachedAt !== undefined) blocks.push({ type: 'text', text: v.t('paging.breached', { time: formatDateTime(state.breachedAt, v.timeZone, true) }) });
  const external = externalLine(v, inc.paging?.external ?? []);
  if (external) blocks.push({ type: 'context', text: external });
  return reply(blocks, ack ? 'success' : state.active ? 'warning' : 'info');
}

/** External contacts (manual 4.2) on one line, or undefined when there are none. */
export function externalLine(v: Pick<ViewContext, 't'>, list: ExternalContact[]): string | undefined {
  if (list.length === 0) return undefined;
  const items = list.map((c) => [c.name, c.role, c.phone, c.url, c.note].filter(Boolean).join(' '));
  return v.t('paging.external', { list: items.join(' · ') });
}

/** The paging field, external contacts and Acknowledge button of an incident card. */
export function cardPaging(v: ViewContext, inc: Incident): { fields: Field[]; buttons: Button[]; context?: string } {
  const p = inc.paging;
  if (!p) return { fields: [], buttons: [] };
  const parts: string[] = [];
  if (p.state === 'acked') parts.push(v.t('paging.card.acked', { user: p.ackedBy ?? '?' }));
  else if (p.state === 'active' && p.level > 0) parts.push(v.t('paging.card.active', { level: p.level }));
  else if (p.state === 'stopped') parts.push(v.t('paging.card.stopped'));
  if (p.breached) parts.push(v.t('paging.card.breached'));
  const fields = parts.length > 0 ? [{ label: v.t('paging.card'), value: parts.join(' · ') }] : [];
  const open = inc.status !== 'resolved' && p.state === 'active' && p.level > 0;
  const buttons: Button[] = open ? [{ id: 'ack', label: v.t('paging.ackButton'), style: 'primary', command: `/ack ${inc.id}` }] : [];
  const context = externalLine(v, p.external);
  return context ? { fields, buttons, context } : { fields, buttons };
}

/** One paging event as a timeline sentence; undefined for other event types. */
export function describePagingEvent(v: ViewContext, type: string, d: Record<string, unknown>): string | undefined {
  const s = (k: string) => {
    const x = d[k];
    return typeof x === 'string' || typeof x === 'number' ? String(x) : '';
  };
  const person = (d.person as PageTarget | null) ?? undefined;
  switch (type) {
    case PAGING_EVENT.started: {
      const plan = d.plan as { severity: string; steps: Array<{ people: PageTarget[] }> };
      const people = [...new Set(plan.steps.flatMap((st) => st.people.map((p) => p.name)))].join(', ') || '—';
      return v.t('event.pagingStarted', { severity: plan.severity, people });
    }
    case PAGING_EVENT.paged: {
      const channels = (d.channels as Array<{ channel: PageChannel; address: string }>).map((c) => channelLabel(v, c.channel, c.address)).join(', ');
      return v.t('event.paged', { person: person?.name ?? '?', level: person?.level ?? '?', channels: channels || v.t('paging.nochannel') });
    }
    case PAGING_EVENT.delivered:
      return v.t('event.pageDelivered', { person: s('person'), channel: s('channel') });
    case PAGING_EVENT.failed:
      return v.t('event.pageFailed', { person: s('person'), channel: s('channel') || '—', error: s('error') });
    case PAGING_EVENT.deferred:
      return v.t('event.pageDeferred', { person: s('person'), channel: s('channel'), time: formatDateTime(Number(d.until), v.timeZone, true), error: s('error') });
    case PAGING_EVENT.escalated:
      return v.t('event.pagingEscalated', { levels: (d.levels as number[]).join('–'), why: d.why === 'failed' ? v.t('event.pagingEscalatedFailed') : '' });
    case PAGING_EVENT.breached:
      return v.t('event.pagingBreached', { severity: s('severity') });
    case PAGING_EVENT.acked:
      return v.t('event.pagingAcked', { user: s('user'), via: s('via'), after: typeof d.afterMs === 'number' ? ` · ${formatDuration(d.afterMs, v.locale)}` : '' });
    case PAGING_EVENT.stopped:
      return v.t('event.pagingStopped', { why: s('why') });
    case PAGING_EVENT.posted:
      return v.t('event.pagingPosted', { failed: d.ok ? '' : v.t('event.pagingPostFailed') });
    default:
      return undefined;
  }
}

/** The text of a page in the person's locale: a title and the lines of the body. */
export function pageText(msg: PageMessage): { title: string; lines: string[] } {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(msg.locale, key, params);
  if (msg.kind === 'test') return { title: 'zhiban', lines: [t('paging.msg.test', { name: msg.person.name })] };
  const id = msg.incidentId ?? '';
  const lines = [t('paging.msg.body', { level: msg.level ?? msg.person.level, id, severity: msg.severity, title: msg.title ?? '' })];
  if (msg.reason) lines.push(t('paging.msg.reason', { reason: msg.reason }));
  lines.push(msg.ackUrl ? t('paging.msg.ackLink', { url: msg.ackUrl }) : t('paging.msg.ackCommand', { id }));
  return { title: t('paging.msg.title', { severity: msg.severity, id, title: msg.title ?? '' }), lines };
}
