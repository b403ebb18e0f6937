import { UserError } from '../errors.js';
import { EVENT, isOpen, type Incident } from '../incidents/model.js';
import { rank, type Severity } from '../incidents/severity.js';
import { silentLogger, type Logger } from '../logger.js';
import type { ZhibanUser } from '../users.js';
import type { StoredEvent } from '../../store/port.js';
import type { PageChannel } from './config.js';
import { currentAck, PAGING_EVENT, PAGING_TIMER, type AckEntry, type PagingPlan, type PagingState, type PlannedStep } from './model.js';
import { Outboxes, type Settled } from './outbox.js';
import type { PagingDeps } from './deps.js';
import { Pager } from './pager.js';
import { policyFor } from './policy.js';
import { PagingFolds } from './read.js';
import { planLines } from './view.js';
import type { ViewContext } from '../view-context.js';


const MINUTE = 60_000;

/** Timeline event: paging was skipped because the incident is a drill whose scenario does not page. */
export const DRILL_PAGING_SKIPPED = 'paging.skipped';

/**
 * Paging by severity. An incident's paging starts when it is declared: the policy and the
 * resolved people are snapshotted on its timeline, each step and repeat becomes a store timer,
 * and the response time gets a breach timer. Timer handlers read the current state (the incident's
 * summary and the paging events not folded yet) and do nothing
 * for a plan that was acknowledged, stopped or replaced, so cancelling is only an optimisation
 * and a restart or a second replica can never page for a stale plan.
 */
export class PagingService {
  readonly outboxes: Outboxes;
  private readonly pager: Pager;
  private readonly logger: Logger;
  private readonly folds: PagingFolds;

  constructor(private readonly deps: PagingDeps) {
    this.logger = deps.logger ?? silentLogger;
    this.folds = new PagingFolds(deps.store);
    this.outboxes = new Outboxes({
      store: deps.store,
      clock: deps.clock,
      logger: this.logger,
      notifiers: deps.notifiers,
      retry: { attempts: deps.config.attempts, backoffMs: deps.config.backoffMs },
      random: deps.random ?? Math.random,
      onSettled: (msg, channel, outcome) => this.settled(msg.incidentId, msg.page, channel, outcome),
    });
    this.pager = new Pager({ ...deps, logger: this.logger, outboxes: this.outboxes, folds: this.folds });
  }

  /** Incident listener: declare starts paging (unless declared with `page: false`), a raise re-plans, a lowering or resolve stops it. */
  async onIncidentEvent(inc: Incident, event: StoredEvent): Promise<void> {
    this.folds.observe(event);
    if (event.type === EVENT.declared) return event.data.page === false ? undefined : this.start(inc);
    if (event.type === EVENT.resolved) return this.stop(inc.id, 'resolved');
    if (event.type !== EVENT.severity) return;
    const from = event.data.from as Severity;
    if (rank(inc.severity) < rank(from)) return this.start(inc);
    return this.stop(inc.id, 'lowered');
  }

  /** The paging state of an incident, folded incrementally (only the events not folded yet are read; see PagingFolds). */
  async state(incidentId: string): Promise<PagingState> {
    return this.folds.state(incidentId);
  }

  /** The current plan in words (who is paged on which channels, what comes next); empty when not paging. */
  async planLines(v: ViewContext, incidentId: string): Promise<string[]> {
    const state = await this.state(incidentId);
    const channels = state.plan?.policy.channels ?? [];
    return planLines(v, state, (p) => channels.flatMap((channel) => {
      const address = this.deps.notifiers.get(channel)?.address(p);
      return address ? [{ channel, address }] : [];
    }));
  }

  /** Snapshots the plan of the incident's severity on its timeline and arms its timers. */
  async start(inc: Incident): Promise<void> {
    const before = await this.state(inc.id);
    if (before.active && before.plan) await this.stop(inc.id, 'replanned');
    const now = this.deps.clock.now();
    if ((await this.deps.contacts.all(now)).length === 0) return;
    if (inc.drill && !inc.drill.page) {
      // A drill never rings a real phone unless its scenario says `page: true` (its pages then say DRILL in the title).
      await this.deps.incidents.record('zhiban', inc.id, DRILL_PAGING_SKIPPED, { reason: 'drill', scenario: inc.drill.scenario });
      return;
    }
    const policy = policyFor(this.deps.config, inc.severity);
    const chain = `c${before.chains + 1}`;
    const steps: PlannedStep[] = [];
    for (const [n, s] of policy.steps.entries()) {
      const people = (await Promise.all(s.levels.map((level) => this.deps.contacts.atLevel(inc.severity, level, now)))).flat();
      steps.push({ n, dueAt: now + s.afterMinutes * MINUTE, levels: s.levels, people });
    }
    const plan: PagingPlan = { chain, severity: inc.severity, startedAt: now, policy, steps };
    const external = inc.severity === 'P0' || inc.severity === 'P1' ? this.deps.config.external : [];
    await this.deps.incidents.record('zhiban', inc.id, PAGING_EVENT.started, { plan, external });
    for (const s of steps) await this.arm(PAGING_TIMER.step, `paging.${inc.id}.${chain}.s${s.n}`, s.dueAt, { incident: inc.id, chain, step: s.n });
    if (policy.repeatMinutes && steps.length > 0) {
      await this.arm(PAGING_TIMER.repeat, `paging.${inc.id}.${chain}.r1`, now + policy.repeatMinutes * MINUTE, { incident: inc.id, chain, round: 1 });
    }
    if (steps.length > 0 && before.breachedAt === undefined) await this.arm(PAGING_TIMER.breach, `paging.${inc.id}.breach`, inc.respondBy, { incident: inc.id });
    if (steps.length === 0 && policy.post) await this.pager.post(inc, plan, []);
    this.deps.kick?.();
  }

  /** Stops pending escalations of the current plan (the events stay; its timers become no-ops). */
  async stop(incidentId: string, why: 'resolved' | 'lowered' | 'replanned'): Promise<void> {
    const state = await this.state(incidentId);
    if (!state.plan || !state.active) return;
    await this.deps.incidents.record('zhiban', incidentId, PAGING_EVENT.stopped, { chain: state.plan.chain, why });
    await this.disarm(incidentId, state.plan);
  }

  /** Runs a fired paging timer. */
  async fire(kind: string, payload: Record<string, unknown>): Promise<void> {
    if (kind === PAGING_TIMER.flush) {
      await this.outboxes.flush(payload.channel as PageChannel);
      return;
    }
    const id = String(payload.incident);
    const { incident: inc, paging: state } = await this.folds.read(id);
    if (!inc) return;
    if (kind === PAGING_TIMER.breach) return this.breach(inc, state);
    if (!isOpen(inc) || !state.active || state.plan?.chain !== payload.chain) return;
    if (kind === PAGING_TIMER.step) return this.pager.runStep(inc, state, Number(payload.step), payload.why === 'failed' ? 'failed' : 'timeout');
    if (kind === PAGING_TIMER.repeat) return this.repeat(inc, state, Number(payload.round));
  }

  /**
   * Acknowledges `incidentId` as `user`: stops the escalation of the current plan. Idempotent —
   * a second ack by the same person returns the first one with `again` set.
   */
  async ack(user: ZhibanUser, incidentId: string, via: string, personKey?: string): Promise<{ ack: AckEntry; again: boolean; incident: Incident }> {
    const { incident: inc, paging: state } = await this.folds.read(incidentId);
    if (!inc) throw new UserError('incident.notFound', { id: incidentId, open: '—' });
    if (!isOpen(inc)) throw new UserError('paging.ackResolved', { id: inc.id });
    const mine = state.acks.find((a) => a.user === user.id && a.at >= (state.plan?.startedAt ?? 0));
    if (mine) return { ack: mine, again: true, incident: inc };
    const mineToAck = (p: PagingState['pages'][number]) => (personKey !== undefined ? p.person.key === personKey : p.person.user === user.id);
    const pagedAt = state.pages.filter((p) => mineToAck(p) && p.chain === state.plan?.chain).map((p) => p.at)[0];
    const now = this.deps.clock.now();
    const afterMs = pagedAt === undefined ? undefined : now - pagedAt;
    await this.deps.incidents.record(user.id, inc.id, PAGING_EVENT.acked, {
      user: user.id, via, chain: state.plan?.chain ?? null, pagedAt: pagedAt ?? null, afterMs: afterMs ?? null, declaredAt: inc.declaredAt,
    });
    if (state.plan) await this.disarm(inc.id, state.plan);
    return { ack: { user: user.id, at: now, via, ...(afterMs === undefined ? {} : { afterMs }) }, again: false, incident: inc };
  }

  /** Pages people by hand (a contact role, title, name or user); resolves to whom and on which channels. */
  async page(actor: ZhibanUser, inc: Incident, query: string, reason: string | undefined) {
    return this.pager.pageByHand(actor, inc, query, reason);
  }

  /** Sends a test page through every channel of one contact, now, and reports each channel's result. */
  async test(query: string) {
    return this.pager.test(query);
  }

  private async repeat(inc: Incident, state: PagingState, round: number): Promise<void> {
    const plan = state.plan!;
    const now = this.deps.clock.now();
    for (const step of plan.steps.filter((s) => s.dueAt <= now)) await this.pager.pageStep(inc, plan, step, round);
    const every = (plan.policy.repeatMinutes ?? 0) * MINUTE;
    if (every > 0) await this.arm(PAGING_TIMER.repeat, `paging.${inc.id}.${plan.chain}.r${round + 1}`, plan.startedAt + (round + 1) * every, { incident: inc.id, chain: plan.chain, round: round + 1 });
    this.deps.kick?.();
  }

  private async breach(inc: Incident, state: PagingState): Promise<void> {
    if (!isOpen(inc) || state.breachedAt !== undefined || state.acks.length > 0) return;
    const now = this.deps.clock.now();
    if (now < inc.respondBy) return this.arm(PAGING_TIMER.breach, `paging.${inc.id}.breach`, inc.respondBy, { incident: inc.id });
    await this.deps.incidents.record('zhiban', inc.id, PAGING_EVENT.breached, { severity: inc.severity, respondBy: inc.respondBy, declaredAt: inc.declaredAt });
  }

  /** Records a delivery outcome; when every channel of a page failed, the next level is paged at once. */
  private async settled(incidentId: string | undefined, page: string | undefined, channel: PageChannel, outcome: Settled): Promise<void> {
    if (!incidentId || !page) return;
    const type = { sent: PAGING_EVENT.delivered, failed: PAGING_EVENT.failed, deferred: PAGING_EVENT.deferred }[outcome.state];
    const { state: _state, ...detail } = outcome;
    await this.deps.incidents.get(incidentId);
    const entry = (await this.state(incidentId)).pages.find((p) => p.page === page);
    await this.deps.incidents.record('zhiban', incidentId, type, { page, channel, person: entry?.person.key ?? null, user: entry?.person.user ?? null, ...detail });
    if (outcome.state !== 'failed' || !entry) return;
    const after = await this.state(incidentId);
    const now = after.pages.find((p) => p.page === page);
    if (now && Object.values(now.channels).every((c) => c.state === 'failed')) await this.pager.escalateNow(incidentId, after, now.chain);
  }

  private async disarm(incidentId: string, plan: PagingPlan): Promise<void> {
    for (const s of plan.steps) await this.deps.store.cancelTimer(`paging.${incidentId}.${plan.chain}.s${s.n}`);
    const timers = await this.deps.store.listTimers();
    for (const t of timers.filter((x) => x.id.startsWith(`paging.${incidentId}.${plan.chain}.r`))) await this.deps.store.cancelTimer(t.id);
    if (currentAck(await this.state(incidentId)) || !isOpen(await this.deps.incidents.get(incidentId))) await this.deps.store.cancelTimer(`paging.${incidentId}.breach`);
  }

  private async arm(kind: string, id: string, dueAt: number, payload: Record<string, unknown>): Promise<void> {
    await this.deps.store.scheduleTimer({ id, dueAt, kind, payload });
  }
}
