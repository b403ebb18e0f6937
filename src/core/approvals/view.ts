import { pick, type Localized, type MessageKey, type Params } from '../i18n/index.js';
import type { ViewContext } from '../view-context.js';
import { reply, type Block, type Reply, type Tone } from '../reply.js';
import { formatDateTime } from '../time.js';
import { ACTION_EVENT, type ActionRequest, type RequestState } from './model.js';

/** Why an approval was refused, as the timeline says it. */
const REJECTION: Record<string, Localized> = {
  'approval.self': { en: 'self-approval', 'zh-CN': '申请人自己审批' },
  'approval.tampered': { en: 'the button or parameters did not match the request', 'zh-CN': '按钮或参数与请求不一致' },
  'approval.notApprover': { en: 'not an approver', 'zh-CN': '不是审批人' },
  'approval.twice': { en: 'the same approver twice', 'zh-CN': '同一审批人重复批准' },
  'approval.incidentClosed': { en: 'the incident is resolved', 'zh-CN': '故障已解决' },
};

const TONE: Record<RequestState, Tone> = {
  pending: 'warning', executing: 'warning', executed: 'success', failed: 'danger', refused: 'danger', denied: 'info', expired: 'info',
};

/** Localized state word. */
export function stateLabel(v: ViewContext, s: RequestState): string {
  return v.t(`state.${s}`);
}

/**
 * A request as requester and approvers see it: exactly what will happen (summary and evidence),
 * who asked, what it still needs, and — while pending — Approve / Deny buttons that carry the
 * request's digest, so a click can only approve the request as it was shown.
 */
export function requestCard(v: ViewContext, req: ActionRequest, lead?: string): Reply {
  const blocks: Block[] = [];
  if (lead) blocks.push({ type: 'text', text: lead });
  blocks.push({ type: 'heading', text: v.t('request.heading', { id: req.id, kind: req.kind, by: req.requestedBy, state: stateLabel(v, req.state) }) });
  blocks.push({ type: 'text', text: pick(v.locale, req.preview.summary) + (req.reason ? ` — ${req.reason}` : '') });
  const exact = `${req.kind} ${JSON.stringify(req.params)} #${req.digest}`;
  blocks.push({ type: 'code', text: req.preview.detail ? `${exact}\n${req.preview.detail}` : exact });
  if (req.state === 'pending') {
    blocks.push({
      type: 'context',
      text: v.t('request.needs', { needed: req.approvalsNeeded, by: req.requestedBy, time: formatDateTime(req.expiresAt, v.timeZone), count: req.approvals.map((a) => a.by).join(', ') || '0' }),
    });
    blocks.push({
      type: 'buttons',
      buttons: [
        { id: 'approve', label: v.t('request.approve'), style: 'primary', command: `/approve ${req.id} #${req.digest}` },
        { id: 'deny', label: v.t('request.deny'), style: 'danger', command: `/deny ${req.id}` },
      ],
    });
  }
  const outcome = req.execution?.outcome;
  if (outcome) {
    blocks.push({ type: 'text', text: v.t('request.result', { id: req.id, kind: req.kind, state: stateLabel(v, req.state), result: pick(v.locale, outcome.result) }) });
    if (outcome.detail) blocks.push({ type: 'code', text: outcome.detail });
  }
  if (req.verification) {
    blocks.push({
      type: 'text',
      text: v.t('request.verified', { verdict: v.t(`verdict.${req.verification.verdict}`), summary: req.verification.summary.map((s) => pick(v.locale, s)).join('; ') }),
    });
  }
  return reply(blocks, TONE[req.state]);
}

/** `/requests`: a table of requests, newest first. */
export function requestList(v: ViewContext, reqs: ActionRequest[]): Reply {
  if (reqs.length === 0) return reply([{ type: 'text', text: v.t('request.none') }]);
  return reply([
    { type: 'heading', text: v.t('request.listHeading') },
    {
      type: 'table',
      columns: [v.t('request.colId'), v.t('label.status'), v.t('request.colIncident'), v.t('timeline.who'), v.t('timeline.what')],
      rows: reqs.map((r) => [r.id, stateLabel(v, r.state), r.incidentId, r.requestedBy, pick(v.locale, r.preview.summary)]),
    },
  ]);
}

/** One approval-workflow timeline event as a sentence, or undefined for other event types. */
export function describeActionEvent(v: ViewContext, type: string, d: Record<string, unknown>): string | undefined {
  const s = (k: string): string => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : '');
  const text = (k: string): string => {
    const x = d[k] as { en?: string } | undefined;
    return x && typeof x === 'object' && 'en' in x ? pick(v.locale, x as { en: string; 'zh-CN': string }) : '';
  };
  switch (type) {
    case ACTION_EVENT.requested:
      return v.t('event.actionRequested', { request: s('request'), summary: text('summary'), needed: s('approvalsNeeded') });
    case ACTION_EVENT.approved:
      return v.t('event.actionApproved', { request: s('request'), count: s('count'), needed: s('needed') });
    case ACTION_EVENT.denied:
      return v.t('event.actionDenied', { request: s('request'), reason: d.reason ? `: ${s('reason')}` : '' });
    case ACTION_EVENT.expired:
      return v.t('event.actionExpired', { request: s('request') });
    case ACTION_EVENT.declined: {
      const why = d.why as { en?: string; key?: MessageKey; params?: Params } | undefined;
      const reason = why?.key ? v.t(why.key, why.params) : why?.en ? pick(v.locale, why as Localized) : '';
      return v.t('event.actionDeclined', { kind: s('kind'), params: JSON.stringify(d.params ?? {}), why: reason });
    }
    case ACTION_EVENT.rejected:
      return v.t('event.actionRejected', { request: s('request'), why: REJECTION[s('why')] ? pick(v.locale, REJECTION[s('why')]!) : s('why') });
    case ACTION_EVENT.executed:
      return v.t('event.actionExecuted', { request: s('request'), status: stateLabel(v, s('status') === 'done' ? 'executed' : (s('status') as RequestState)), result: text('result') });
    case ACTION_EVENT.verified: {
      const results = (d.results ?? []) as Array<{ target: string; summary: { en: string; 'zh-CN': string } }>;
      return v.t('event.actionVerified', { request: s('request'), verdict: v.t(`verdict.${s('verdict') as 'ok'}`), summary: results.map((r) => `${r.target}: ${pick(v.locale, r.summary)}`).join('; ') });
    }
    default:
      return undefined;
  }
}
