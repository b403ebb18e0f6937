import type { DeadlineClock } from '../clock.js';
import { UserError } from '../errors.js';
import type { IncidentService } from '../incidents/service.js';
import type { MessageKey } from '../i18n/index.js';
import { isOpen, type Incident } from '../incidents/model.js';
import { silentLogger, type Logger } from '../logger.js';
import { allows } from '../roles.js';
import type { ZhibanUser } from '../users.js';
import { createWithNextNumber } from '../sequence.js';
import type { Store, Versioned } from '../../store/port.js';
import { ACTION_EVENT, DEFAULT_RUN_MS, FINAL_STATES, STUCK_MARGIN_MS, REQUEST_KIND, requestDigest, type ActionRequest } from './model.js';
import { requestsMade, takeRequestSlot } from './incident-cap.js';
import { daySequence, requestId, requestIdsBetween } from './numbering.js';
import { putRequest } from './records.js';
import { approvalsNeeded, type ApprovalPolicy } from './policy.js';
import type { ActionsPort } from './port.js';
import { runApproved } from './execute.js';
import { orphaned, resolvedSince, type RunnerAlive } from './reconcile.js';

const INTERRUPTED = {
  en: 'interrupted: zhiban stopped while this ran, so whether it completed is unknown; check the target before asking again',
  'zh-CN': '被中断：执行期间 zhiban 停止了，无法确定是否完成；请先检查目标再重新申请',
};

/** Timer kind that expires a pending request (and flags one whose execution was cut off). */
export const EXPIRE_TIMER = 'request.expire';
/** How long an action's prepare or execute may take before it is abandoned. */
export const ACTION_TIMEOUT_MS = 120_000;
/** `/requests` lists the open requests and those asked for this long ago at most. */
export const RECENT_REQUESTS_MS = 7 * 86_400_000;


/** The workflow's dependencies. */
export interface ApprovalDeps {
  store: Store;
  clock: DeadlineClock;
  incidents: IncidentService;
  actions: ActionsPort;
  policy: ApprovalPolicy;
  timeZone: string;
  logger?: Logger;
  /** This process as an execution runner (host/pid), recorded on the requests it runs. */
  runner?: string;
  /** Tells whether another runner is still alive (see `reconcile`). */
  runnerAlive?: RunnerAlive;
}

/**
 * The two-person rule. A request is prepared (target looked at, snapshot taken), stored, and
 * only runs after approvals by people other than the requester who hold the approver role. Every
 * state change is a compare-and-set on the stored request, so concurrent clicks, retried
 * deliveries and several bot replicas run an action at most once. Every step is on the timeline.
 */
export class ApprovalService {
  private readonly logger: Logger;

  constructor(private readonly deps: ApprovalDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** Prepares and stores a request on `incident`; nothing changes in production yet. */
  async request(actor: ZhibanUser, incident: Incident, kind: string, params: Record<string, unknown>, reason?: string): Promise<ActionRequest> {
    await this.deps.actions.load?.();
    const handler = this.deps.actions.get(kind);
    if (!handler) throw new UserError('approval.unknownAction', { kind, known: this.deps.actions.kinds().join(', ') });
    const max = this.deps.policy.maxPerIncident;
    const capped = () => new UserError('approval.cap', { id: incident.id, max });
    if ((await requestsMade(this.deps.store, incident.id)) >= max) throw capped();
    let preview;
    try {
      preview = await handler.prepare(params, this.deps.clock.deadline(ACTION_TIMEOUT_MS));
    } catch (err) {
      if (err instanceof UserError) {
        const why = err.options.text ?? { key: err.key, params: err.params };
        await this.deps.incidents.record(actor.id, incident.id, ACTION_EVENT.declined, { kind, params, why });
      }
      throw err;
    }
    const bound = handler.normalize?.(params) ?? params;
    const now = this.deps.clock.now();
    const base = {
      kind,
      params: bound,
      preview,
      digest: requestDigest(kind, bound, preview.snapshot),
      incidentId: incident.id,
      requestedBy: actor.id,
      requestedAt: now,
      expiresAt: now + this.deps.policy.expiresMinutes * 60_000,
      ...(reason ? { reason } : {}),
      approvalsNeeded: approvalsNeeded(this.deps.policy, preview.risk, incident.severity),
      approvals: [],
      state: 'pending' as const,
    };
    // Re-checked as the request is counted: concurrent requests never get past the cap together.
    if (!(await takeRequestSlot(this.deps.store, incident.id, max, now))) throw capped();
    const req = await this.allocate(base);
    await this.deps.incidents.record(actor.id, incident.id, ACTION_EVENT.requested, {
      request: req.id, kind, params: bound, summary: preview.summary, approvalsNeeded: req.approvalsNeeded, expiresAt: req.expiresAt,
    });
    return req;
  }

  /** A request by id; a user error naming the recent ones when it does not exist. */
  async get(id: string): Promise<Versioned<ActionRequest>> {
    const rec = await this.deps.store.getRecord<ActionRequest>(REQUEST_KIND, id);
    if (!rec) throw new UserError('approval.notFound', { id });
    return rec;
  }

  /**
   * The requests still open (pending or executing), newest first. Found from their timers (every
   * open request has one: it is armed before the request is stored and cancelled only after it
   * ended), so only the open requests are read, however many are stored.
   */
  async open(): Promise<Array<Versioned<ActionRequest>>> {
    const ids = (await this.deps.store.listTimers()).filter((t) => t.kind === EXPIRE_TIMER).map((t) => String(t.payload.id));
    return (await this.read(ids)).filter((r) => !FINAL_STATES.includes(r.value.state)).sort((a, b) => b.value.requestedAt - a.value.requestedAt);
  }

  /**
   * `/requests`: the open requests and those asked for in the last RECENT_REQUESTS_MS, newest
   * first. Found from the day counters that numbered them, never by reading every request stored.
   */
  async recent(): Promise<ActionRequest[]> {
    const now = this.deps.clock.now();
    const since = now - RECENT_REQUESTS_MS;
    const open = (await this.open()).map((r) => r.value);
    const openIds = new Set(open.map((r) => r.id));
    const ids = (await requestIdsBetween(this.deps.store, since, now, this.deps.timeZone)).filter((id) => !openIds.has(id));
    const ended = (await this.read(ids)).map((r) => r.value).filter((r) => r.requestedAt >= since);
    return [...open, ...ended].sort((a, b) => b.requestedAt - a.requestedAt);
  }

  /**
   * Adds `actor`'s approval. When it is the last one needed, the action runs — exactly once,
   * whoever's approval wins the compare-and-set — and the returned request shows the outcome.
   * `digest`, when given (buttons carry it), must match: a changed request is never approved.
   */
  async approve(actor: ZhibanUser, id: string, digest?: string): Promise<ActionRequest> {
    for (;;) {
      const rec = await this.get(id);
      const req = rec.value;
      await this.refuseUnlessApprovable(actor, req, digest);
      const incident = await this.deps.incidents.get(req.incidentId);
      if (!isOpen(incident)) await this.reject(actor, req, 'approval.incidentClosed', { id: req.id, incident: incident.id });
      if (await resolvedSince(this.deps.incidents, req)) {
        if (!(await this.end(rec, { reason: 'incident resolved' }))) continue;
        throw new UserError('approval.resolvedSince', { id: req.id, incident: incident.id });
      }
      const now = this.deps.clock.now();
      const needed = Math.max(req.approvalsNeeded, approvalsNeeded(this.deps.policy, req.preview.risk, incident.severity));
      const approvals = [...req.approvals, { by: actor.id, at: now }];
      const complete = approvals.length >= needed;
      await this.deps.actions.load?.();
      const stuckAt = now + (this.deps.actions.get(req.kind)?.maxRunMs?.(req.params) ?? DEFAULT_RUN_MS) + STUCK_MARGIN_MS;
      // Armed before the state changes, so a crash anywhere after it still ends in "interrupted".
      if (complete) await this.armTimer(id, stuckAt);
      const next: ActionRequest = complete
        ? { ...req, approvalsNeeded: needed, approvals, state: 'executing', execution: { by: actor.id, startedAt: now, stuckAt, ...(this.deps.runner ? { runner: this.deps.runner } : {}) } }
        : { ...req, approvalsNeeded: needed, approvals };
      const version = await putRequest(this.deps.store, next, rec.version, now);
      if (version === undefined) continue;
      await this.deps.incidents.record(actor.id, req.incidentId, ACTION_EVENT.approved, { request: id, count: approvals.length, needed });
      if (!complete) return next;
      return runApproved({ ...this.deps, logger: this.logger.child({ incident: next.incidentId, request: id }) }, actor, { id, value: next, version });
    }
  }

  /** Denies (or, for the requester, withdraws) a pending request. */
  async deny(actor: ZhibanUser, id: string, reason?: string): Promise<ActionRequest> {
    for (;;) {
      const rec = await this.get(id);
      const req = rec.value;
      this.refuseUnlessPending(req);
      if (actor.id !== req.requestedBy && !allows(actor.roles, ['approver'])) {
        throw new UserError('approval.denyRole', { id, user: actor.id });
      }
      const now = this.deps.clock.now();
      const next: ActionRequest = { ...req, state: 'denied', denial: { by: actor.id, at: now, ...(reason ? { reason } : {}) } };
      if ((await putRequest(this.deps.store, next, rec.version, now)) === undefined) continue;
      await this.deps.store.cancelTimer(`expire.${id}`);
      await this.deps.incidents.record(actor.id, req.incidentId, ACTION_EVENT.denied, { request: id, reason: reason ?? null });
      return next;
    }
  }

  /**
   * Fired by the request's timer: expires a pending request whose time is up, or marks one still
   * `executing` past its `stuckAt` as interrupted (the process running it stopped). A timer that
   * fires early re-arms itself, so a request never stays pending or executing without one.
   * Resolves to true when it changed the request.
   */
  async expire(id: string): Promise<boolean> {
    for (;;) {
      const rec = await this.deps.store.getRecord<ActionRequest>(REQUEST_KIND, id);
      if (!rec) return false;
      const req = rec.value;
      const now = this.deps.clock.now();
      if (req.state === 'pending') {
        if (now < req.expiresAt) return this.armTimer(id, req.expiresAt).then(() => false);
        if (!(await this.end(rec, {}))) continue;
        return true;
      }
      if (req.state !== 'executing') return false;
      const stuckAt = req.execution?.stuckAt ?? (req.execution?.startedAt ?? now) + DEFAULT_RUN_MS + STUCK_MARGIN_MS;
      if (now < stuckAt) return this.armTimer(id, stuckAt).then(() => false);
      if (!(await this.interrupt(rec))) continue;
      return true;
    }
  }

  /**
   * Run at start-up: a request left `executing` by a process known to be gone (it crashed, or
   * could not record the outcome because the disk was full) is marked interrupted at once, for a
   * human to check, instead of staying `executing` until its timer. Requests run by live
   * processes, or by processes this one cannot see, are left to them and to their timers.
   * Resolves to the ids it changed.
   */
  async reconcile(): Promise<string[]> {
    const changed: string[] = [];
    for (const rec of await this.open()) {
      if (orphaned(rec.value, this.deps.runner, this.deps.runnerAlive) && (await this.interrupt(rec))) changed.push(rec.value.id);
    }
    return changed;
  }

  /** Moves a pending request to `expired` (compare-and-set); false when it changed meanwhile. */
  private async end(rec: Versioned<ActionRequest>, data: Record<string, unknown>): Promise<boolean> {
    const req = rec.value;
    if ((await putRequest(this.deps.store, { ...req, state: 'expired' }, rec.version, this.deps.clock.now())) === undefined) return false;
    await this.deps.store.cancelTimer(`expire.${req.id}`);
    await this.deps.incidents.record('zhiban', req.incidentId, ACTION_EVENT.expired, { request: req.id, ...data });
    return true;
  }

  /** Marks an executing request failed as interrupted (compare-and-set); false when it changed meanwhile. */
  private async interrupt(rec: Versioned<ActionRequest>): Promise<boolean> {
    const req = rec.value;
    const now = this.deps.clock.now();
    const outcome = { status: 'failed' as const, result: INTERRUPTED };
    const next: ActionRequest = { ...req, state: 'failed', execution: { by: req.execution?.by ?? '?', startedAt: req.execution?.startedAt ?? now, finishedAt: now, outcome } };
    if ((await putRequest(this.deps.store, next, rec.version, now)) === undefined) return false;
    await this.deps.store.cancelTimer(`expire.${req.id}`);
    await this.deps.incidents.record('zhiban', req.incidentId, ACTION_EVENT.executed, { request: req.id, status: 'failed', result: INTERRUPTED, detail: null });
    return true;
  }

  private async armTimer(id: string, dueAt: number): Promise<void> {
    await this.deps.store.scheduleTimer({ id: `expire.${id}`, dueAt, kind: EXPIRE_TIMER, payload: { id } });
  }

  private async reject(actor: ZhibanUser, req: ActionRequest, key: MessageKey, params: Record<string, string>): Promise<never> {
    await this.deps.incidents.record(actor.id, req.incidentId, ACTION_EVENT.rejected, { request: req.id, why: key });
    throw new UserError(key, params);
  }

  private async refuseUnlessApprovable(actor: ZhibanUser, req: ActionRequest, digest: string | undefined): Promise<void> {
    const reject = (key: MessageKey, params: Record<string, string>) => this.reject(actor, req, key, params);
    if (digest !== undefined && digest.replace(/^#/, '') !== req.digest) await reject('approval.tampered', { id: req.id });
    if (req.state === 'pending' && this.deps.clock.now() >= req.expiresAt) {
      await this.expire(req.id);
      throw new UserError('approval.expired', { id: req.id });
    }
    this.refuseUnlessPending(req);
    if (actor.id === req.requestedBy) await reject('approval.self', { id: req.id });
    if (!allows(actor.roles, ['approver'])) await reject('approval.notApprover', { id: req.id, user: actor.id });
    if (req.approvals.some((a) => a.by === actor.id)) await reject('approval.twice', { id: req.id, user: actor.id });
  }

  private refuseUnlessPending(req: ActionRequest): void {
    if (req.state === 'pending') return;
    if (req.state === 'expired') throw new UserError('approval.expired', { id: req.id });
    if (req.state === 'denied') throw new UserError('approval.wasDenied', { id: req.id, by: req.denial?.by ?? '?' });
    const by = req.approvals.map((a) => a.by).join(', ');
    throw new UserError(FINAL_STATES.includes(req.state) ? 'approval.done' : 'approval.running', { id: req.id, by, state: req.state });
  }

  /**
   * Stores `base` under the next number of its day (REQ-20261122-001 …), from the day's counter.
   * Its expiry timer is armed first, so a stored request is never without one (see `open`).
   */
  private async allocate(base: Omit<ActionRequest, 'id'>): Promise<ActionRequest> {
    const seq = daySequence(base.requestedAt, this.deps.timeZone);
    return createWithNextNumber(this.deps.store, seq, async (n) => {
      const req: ActionRequest = { id: requestId(seq.day, n), ...base };
      // Taken only by a request stored before the day had a counter: leave it and its timer alone.
      if (await this.deps.store.getRecord(REQUEST_KIND, req.id)) return undefined;
      await this.armTimer(req.id, req.expiresAt);
      return (await putRequest(this.deps.store, req, 0, base.requestedAt)) === undefined ? undefined : req;
    });
  }

  /** The stored requests among `ids` (one read each, at once). */
  private async read(ids: string[]): Promise<Array<Versioned<ActionRequest>>> {
    const recs = await Promise.all(ids.map((id) => this.deps.store.getRecord<ActionRequest>(REQUEST_KIND, id)));
    return recs.filter((r): r is Versioned<ActionRequest> => r !== undefined);
  }
}
