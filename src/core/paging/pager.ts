import { UserError } from '../errors.js';
import type { Incident } from '../incidents/model.js';
import type { Logger } from '../logger.js';
import type { ZhibanUser } from '../users.js';
import type { PageChannel } from './config.js';
import { PAGING_EVENT, PAGING_TIMER, type PageTarget, type PagingPlan, type PagingState, type PlannedStep } from './model.js';
import type { PageMessage } from './notifier.js';
import type { Outboxes } from './outbox.js';
import type { PagingDeps } from './deps.js';
import type { PagingFolds } from './read.js';




/**
 * How long the claim of one page (person, chain step, round) is kept: far past any retry or
 * escalation of its incident, then it expires, so a year of pages does not stay in the store.
 */
const PAGE_CLAIM_KEEP_MS = 30 * 86_400_000;
/** Store record kind: one per page, created by compare-and-set so a page is sent once. */
export const PAGE_KIND = 'page';
/** A page claim older than this whose pager never finished is taken over (its process died). */
const STALE_CLAIM_MS = 60_000;

type PagerDeps = Omit<PagingDeps, 'random' | 'logger'> & { logger: Logger; outboxes: Outboxes; folds: PagingFolds };

/** What `/page` and `/paging test` report: whom, and per channel the address (and, for tests, the result). */
export interface PageReport {
  person: PageTarget;
  channels: Array<{ channel: PageChannel; address: string; error?: string }>;
}

/** Pages people: one claimed store record per page, one outbox message per channel, every step on the timeline. */
export class Pager {
  constructor(private readonly deps: PagerDeps) {}

  /** Runs step `n` of the current plan: records the escalation (after the first step) and pages its people. */
  async runStep(inc: Incident, state: PagingState, n: number, why: 'timeout' | 'failed'): Promise<void> {
    const plan = state.plan!;
    const step = plan.steps[n];
    if (!step) return;
    const escalated = state.escalated.some((e) => e.chain === plan.chain && e.step === n);
    if (n > 0 && !escalated) {
      await this.deps.incidents.record('zhiban', inc.id, PAGING_EVENT.escalated, { chain: plan.chain, step: n, levels: step.levels, why, people: step.people.map((p) => p.key) });
    }
    const reached = await this.pageStep(inc, plan, step, 0);
    if (!reached) await this.escalateNow(inc.id, state, plan.chain);
    if (n === 0 && plan.policy.post) await this.post(inc, plan, step.people);
    this.deps.kick?.();
  }

  /** Pages every person of `step` for repeat `round` (0: the first time); false when no channel reached anybody. */
  async pageStep(inc: Incident, plan: PagingPlan, step: PlannedStep, round: number): Promise<boolean> {
    let reached = false;
    for (const person of step.people) {
      const channels = await this.pagePerson(inc, person, `${inc.id}.${plan.chain}.s${step.n}.r${round}.${person.key}`, { chain: plan.chain, step: step.n, round, channels: plan.policy.channels, by: 'zhiban' });
      reached ||= channels.length > 0;
    }
    return reached;
  }

  /** Moves the next step of `chain` to now (every channel of a page failed). */
  async escalateNow(incidentId: string, state: PagingState, chain: string): Promise<void> {
    if (!state.active || state.plan?.chain !== chain) return;
    const now = this.deps.clock.now();
    const next = state.plan.steps.find((s) => s.dueAt > now);
    if (!next) return;
    await this.deps.store.scheduleTimer({ id: `paging.${incidentId}.${chain}.s${next.n}`, dueAt: now, kind: PAGING_TIMER.step, payload: { incident: incidentId, chain, step: next.n, why: 'failed' } });
    this.deps.kick?.();
  }

  /** Posts in the incident's channel (P3's only notice; with mentions for the others). */
  async post(inc: Incident, plan: PagingPlan, people: PageTarget[]): Promise<void> {
    const ok = (await this.deps.poster?.(inc, people, plan)) ?? false;
    await this.deps.incidents.record('zhiban', inc.id, PAGING_EVENT.posted, { chain: plan.chain, channel: inc.channel, platform: inc.platform, ok, mentions: people.map((p) => p.key) });
  }

  /** `/page`: finds the people and pages them on every channel that reaches them. */
  async pageByHand(actor: ZhibanUser, inc: Incident, query: string, reason: string | undefined): Promise<PageReport[]> {
    const people = await this.find(inc, query);
    const n = (await this.deps.folds.state(inc.id)).pages.filter((p) => p.chain === 'manual').length + 1;
    const channels = [...this.deps.notifiers.keys()];
    const reports: PageReport[] = [];
    for (const person of people) {
      const id = `${inc.id}.manual.m${n}.${person.key}`;
      reports.push({ person, channels: await this.pagePerson(inc, person, id, { chain: 'manual', step: null, round: 0, channels, by: actor.id, ...(reason ? { reason } : {}) }) });
    }
    this.deps.kick?.();
    return reports;
  }

  /** `/paging test`: one message through every channel of one contact, sent now, bypassing escalation. */
  async test(query: string): Promise<PageReport> {
    const person = (await this.deps.contacts.find(query, this.deps.clock.now()))[0];
    if (!person) throw await this.unknown(query, false);
    const now = this.deps.clock.now();
    const report: PageReport = { person, channels: [] };
    for (const [channel, notifier] of this.deps.notifiers) {
      const address = notifier.address(person);
      if (!address) continue;
      const msg: PageMessage = { id: `test.${now}.${person.key}.${channel}`, kind: 'test', severity: 'P3', person, locale: person.locale ?? this.deps.locale };
      const result = await notifier.send([msg]);
      report.channels.push({ channel, address, ...(result.ok ? {} : { error: result.error }) });
    }
    return report;
  }

  private async find(inc: Incident, query: string): Promise<PageTarget[]> {
    const now = this.deps.clock.now();
    const found = await this.deps.contacts.find(query, now);
    if (found.length > 0) return found;
    const holder = (inc.roles as Record<string, string | undefined>)[query.toLowerCase()];
    const byRole = holder ? await this.deps.contacts.find(holder, now) : [];
    if (byRole.length > 0) return byRole;
    throw await this.unknown(query, true);
  }

  private async unknown(query: string, roles: boolean): Promise<UserError> {
    const all = await this.deps.contacts.all(this.deps.clock.now());
    const names = [...new Set(all.flatMap((p) => [p.user ?? p.name, ...(p.title ? [p.title] : [])]))];
    const valid = roles ? [...names, 'commander', 'deputy', 'ops', 'backend'] : names;
    return new UserError('paging.unknownTarget', { query, valid: valid.length > 0 ? valid.join(', ') : '—' }, { showUsage: true });
  }

  /**
   * Pages one person once under `id`: claims the page record (a second claimant, a retried timer
   * or a restart finds it and stops), records `paging.paged`, then queues one message per channel.
   */
  private async pagePerson(
    inc: Incident,
    person: PageTarget,
    id: string,
    o: { chain: string; step: number | null; round: number; channels: readonly PageChannel[]; by: string; reason?: string },
  ): Promise<PageReport['channels']> {
    const now = this.deps.clock.now();
    const channels = o.channels.flatMap((channel) => {
      const address = this.deps.notifiers.get(channel)?.address(person);
      return address ? [{ channel, address }] : [];
    });
    const claim = await this.deps.store.getRecord<{ state: string; at: number }>(PAGE_KIND, id);
    if (claim && (claim.value.state === 'paged' || now - claim.value.at < STALE_CLAIM_MS)) return channels;
    if ((await this.deps.store.putRecord(PAGE_KIND, id, { state: 'paging', at: now }, claim?.version ?? 0, { expiresAt: now + PAGE_CLAIM_KEEP_MS })) === undefined) return channels;
    await this.deps.incidents.record(o.by, inc.id, PAGING_EVENT.paged, {
      page: id, chain: o.chain, step: o.step, round: o.round, person, channels, ...(o.reason ? { reason: o.reason } : {}),
    });
    if (channels.length === 0) {
      await this.deps.incidents.record('zhiban', inc.id, PAGING_EVENT.failed, { page: id, channel: null, person: person.key, user: person.user ?? null, error: 'no channel reaches this person', attempts: 0 });
    }
    const ackUrl = await this.deps.ackLinks?.link(inc.id, id, person.user);
    for (const { channel } of channels) {
      const msg: PageMessage = {
        id: `${id}.${channel}`, page: id, kind: 'page', severity: inc.severity, incidentId: inc.id, title: inc.title,
        level: person.level, person, locale: person.locale ?? this.deps.locale, ...(o.reason ? { reason: o.reason } : {}), ...(ackUrl ? { ackUrl } : {}),
      };
      await this.deps.outboxes.enqueue(channel, msg);
    }
    const rec = await this.deps.store.getRecord<{ state: string; at: number }>(PAGE_KIND, id);
    if (rec) await this.deps.store.putRecord(PAGE_KIND, id, { state: 'paged', at: rec.value.at }, rec.version, { expiresAt: rec.value.at + PAGE_CLAIM_KEEP_MS });
    return channels;
  }
}
