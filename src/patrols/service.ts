import type { ProbeResult } from '../core/checks/model.js';
import type { DiagnosticsPort } from '../core/checks/port.js';
import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { L, translator, type Locale } from '../core/i18n/index.js';
import type { IncidentService } from '../core/incidents/service.js';
import type { Platform } from '../core/invocation.js';
import type { Logger } from '../core/logger.js';
import type { PatrolIncident, PatrolInfo, PatrolRun, PatrolsPort, PatrolState } from '../core/patrols/port.js';
import { patrolSummary } from '../core/patrols/view.js';
import type { Reply, Verdict } from '../core/reply.js';
import type { ZhibanUser } from '../core/users.js';
import { overall } from '../core/verdict.js';
import type { ClaimedTimer, Store, Timer } from '../store/port.js';
import type { PatrolConfig, PatrolsConfig } from './config.js';
import { openOnce, ZHIBAN_ACTOR } from './open-incident.js';
import { nextSlot } from './schedule.js';

/** Timer kind of a scheduled patrol run; the payload names the patrol and its schedule. */
export const PATROL_TIMER = 'patrol.run';
/** Record kind of the last result of each patrol. */
export const PATROL_STATE = 'patrol.state';
/** Record kind claiming one scheduled slot of a patrol (`<name>.<dueAt>`), so it runs and posts once. */
export const PATROL_SLOT = 'patrol.slot';
/** How long a slot claim is kept: far longer than any timer lease, then it expires on its own. */
const SLOT_CLAIM_MS = 7 * 86_400_000;

/** Where a patrol posts: a conversation on a chat platform, or zhiban's log (`console`). */
export type PatrolPost = (to: { platform: Platform; channel?: string }, reply: Reply) => Promise<boolean>;

/** The patrols' dependencies. */
export interface PatrolDeps {
  store: Store;
  clock: Clock;
  diagnostics: DiagnosticsPort;
  incidents: IncidentService;
  logger: Logger;
  patrols: PatrolsConfig;
  timeZone: string;
  /** Language of what is posted on each platform. */
  localeFor: (p: Platform) => Locale;
  post: PatrolPost;
}

const checkKey = (c: PatrolConfig['checks'][number]) => (c.name ? `${c.target} ${c.name}` : c.target);

/**
 * Scheduled patrols (manual 6.2). Each patrol has one store timer at its next cron slot in the
 * configured time zone; the timer is leased, so with several replicas each slot runs once, and a
 * slot missed while no zhiban ran is due at the next start and runs once (the next timer is set
 * from the time it ran, not from the missed slot, so missed slots never pile up).
 */
export class PatrolService implements PatrolsPort {
  constructor(private readonly deps: PatrolDeps) {}

  /** Sets each configured patrol's timer when it has none (or one of another schedule); called at start-up. */
  async ensureScheduled(): Promise<void> {
    const timers = (await this.deps.store.listTimers()).filter((t) => t.kind === PATROL_TIMER);
    for (const [name, cfg] of Object.entries(this.deps.patrols)) {
      const mine = timers.filter((t) => t.payload.name === name);
      if (mine.some((t) => t.payload.schedule === cfg.schedule)) continue;
      for (const stale of mine) await this.deps.store.cancelTimer(stale.id);
      await this.scheduleNext(name, cfg);
    }
  }

  /** Runs the patrol a due timer names, then sets its next slot. */
  async fire(timer: ClaimedTimer): Promise<void> {
    const name = String(timer.payload.name);
    const cfg = this.deps.patrols[name];
    if (!cfg || cfg.schedule !== timer.payload.schedule) {
      this.deps.logger.info('patrol timer of a patrol no longer configured (or rescheduled) dropped', { patrol: name });
      return;
    }
    // A slot is claimed before it runs: a run that outlives its timer lease (a hung target, a slow post),
    // or fails after posting, is not run and posted again by another replica or a retry. The price is
    // at most once: a bot that dies mid-run skips that slot; the next slot runs as usual.
    const now = this.deps.clock.now();
    const claimed = await this.deps.store.putRecord(PATROL_SLOT, `${name}.${timer.dueAt}`, { at: now }, 0, { expiresAt: now + SLOT_CLAIM_MS });
    if (claimed === undefined) this.deps.logger.info('patrol slot already run', { patrol: name, dueAt: timer.dueAt });
    else await this.run(name, cfg, 'schedule', ZHIBAN_ACTOR);
    await this.scheduleNext(name, cfg);
  }

  async list(): Promise<PatrolInfo[]> {
    const timers = (await this.deps.store.listTimers()).filter((t) => t.kind === PATROL_TIMER);
    const out: PatrolInfo[] = [];
    for (const [name, cfg] of Object.entries(this.deps.patrols)) {
      const next = timers.find((t) => t.payload.name === name && t.payload.schedule === cfg.schedule);
      const last = (await this.deps.store.getRecord<PatrolState>(PATROL_STATE, name))?.value;
      out.push({ name, schedule: cfg.schedule, checks: cfg.checks.map(checkKey), ...(next ? { nextAt: next.dueAt } : {}), ...(last ? { last } : {}) });
    }
    return out;
  }

  async runNow(name: string, actor: ZhibanUser): Promise<PatrolRun> {
    const cfg = Object.hasOwn(this.deps.patrols, name) ? this.deps.patrols[name] : undefined;
    if (!cfg) {
      const known = Object.keys(this.deps.patrols);
      throw new UserError('patrol.unknown', { name, known: known.length ? known.join(', ') : '—' }, { showUsage: true });
    }
    return this.run(name, cfg, 'manual', actor);
  }

  private async scheduleNext(name: string, cfg: PatrolConfig): Promise<void> {
    const dueAt = nextSlot(cfg.schedule, this.deps.timeZone, this.deps.clock.now());
    if (dueAt === undefined) return;
    const timer: Timer = { id: `patrol.${name}.${dueAt}`, dueAt, kind: PATROL_TIMER, payload: { name, schedule: cfg.schedule } };
    await this.deps.store.scheduleTimer(timer);
  }

  private async run(name: string, cfg: PatrolConfig, trigger: PatrolState['trigger'], actor: ZhibanUser): Promise<PatrolRun> {
    const at = this.deps.clock.now();
    const perCheck = await Promise.all(cfg.checks.map(async (c) => ({ key: checkKey(c), results: await this.check(c.target, c.name) })));
    const results = perCheck.flatMap((c) => c.results);
    const incidents: PatrolIncident[] = [];
    if (cfg.openIncident.onCrit) {
      const platform = cfg.post.platform;
      for (const c of perCheck.filter((x) => x.results.some((r) => r.verdict === 'crit'))) {
        const title = translator(this.deps.localeFor(platform))('patrol.incidentTitle', { name, check: c.key });
        const opened = await openOnce(this.deps, { patrol: name, check: c.key }, { severity: cfg.openIncident.severity, title, platform, channel: cfg.post.channel ?? `patrol-${name}` }, c.results);
        if (opened) incidents.push(opened);
      }
    }
    const run: PatrolRun = { name, at, results, verdict: overall(results), incidents };
    const delivery = trigger === 'manual' ? 'reply' : await this.deliver(cfg, run);
    const counts: Partial<Record<Verdict, number>> = {};
    for (const r of results) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
    const state: PatrolState = { at, trigger, by: actor.id, verdict: run.verdict, counts, delivery, incidents: incidents.map((i) => i.id) };
    const prev = await this.deps.store.getRecord<PatrolState>(PATROL_STATE, name);
    if ((await this.deps.store.putRecord(PATROL_STATE, name, state, prev?.version ?? 0)) === undefined) {
      this.deps.logger.warn('patrol result not kept: another run of the same patrol wrote at the same time', { patrol: name });
    }
    this.deps.logger.info('patrol ran', { patrol: name, trigger, verdict: run.verdict, delivery, incidents: state.incidents.join(',') });
    return run;
  }

  private async deliver(cfg: PatrolConfig, run: PatrolRun): Promise<PatrolState['delivery']> {
    if (cfg.quietWhenOk && run.verdict === 'ok' && run.incidents.length === 0) return 'quiet';
    const locale = this.deps.localeFor(cfg.post.platform);
    const view = { t: translator(locale), locale, timeZone: this.deps.timeZone, now: run.at };
    const posted = await this.deps.post(cfg.post, patrolSummary(view, run)).catch((err: unknown) => {
      this.deps.logger.error('patrol summary not posted', { patrol: run.name, error: (err as Error)?.message });
      return false;
    });
    return posted ? 'posted' : 'unposted';
  }

  /** The results of one check; a check that cannot run (a bad service name) is an `error` result, never a thrown run. */
  private async check(target: string, name: string | undefined): Promise<ProbeResult[]> {
    try {
      return await this.deps.diagnostics.check(target, name);
    } catch (err) {
      const why = err instanceof UserError ? err.key : String((err as Error)?.message ?? err);
      return [{ probe: target, target: name ? `${target} ${name}` : target, verdict: 'error', summary: L(`could not run: ${why}`, `无法运行：${why}`), findings: [], durationMs: 0 }];
    }
  }
}
