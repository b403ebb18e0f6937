import type { ApprovalService } from '../core/approvals/service.js';
import type { Clock } from '../core/clock.js';
import { DRILL_ACTION, DRILL_EVENT, DRILL_TITLE_PREFIX, type DrillRun } from '../core/drills/model.js';
import type { DrillScenarioInfo, DrillStart, DrillStop, DrillsPort } from '../core/drills/port.js';
import { UserError } from '../core/errors.js';
import { L, pick, translate, type Locale, type Localized } from '../core/i18n/index.js';
import { isOpen, type Incident } from '../core/incidents/model.js';
import type { IncidentService } from '../core/incidents/service.js';
import type { Platform } from '../core/invocation.js';
import type { ZhibanUser } from '../core/users.js';
import type { Store } from '../store/port.js';
import type { DrillsConfig } from './config.js';
import { revertFault, type FaultTargets } from './faults.js';
import { DRILL_RECORD } from './inject-action.js';

/** How long a revert may take. */
const REVERT_TIMEOUT_MS = 60_000;

/** The drills' dependencies. */
export interface DrillDeps {
  drills: DrillsConfig;
  targets: FaultTargets;
  store: Store;
  clock: Clock;
  incidents: IncidentService;
  approvals: ApprovalService;
  /** Language of drill incident titles (the config's locale). */
  locale: Locale;
}

/**
 * Drills: `/drill start` declares an incident flagged as a drill (its title says 演练 DRILL, paging
 * skips it unless the scenario pages, stats leave it out) and files the fault's injection as an
 * ordinary request; `/drill stop` undoes exactly what was injected and resolves the drill.
 */
export class DrillService implements DrillsPort {
  constructor(private readonly deps: DrillDeps) {}

  scenarios(): DrillScenarioInfo[] {
    return Object.entries(this.deps.drills).map(([name, s]) => ({ name, title: s.title, severity: s.severity, page: s.page, fault: s.fault.kind }));
  }

  async start(actor: ZhibanUser, name: string, where: { channel: string; platform: Platform }): Promise<DrillStart> {
    const s = Object.hasOwn(this.deps.drills, name) ? this.deps.drills[name] : undefined;
    if (!s) {
      const known = Object.keys(this.deps.drills);
      throw new UserError('drill.unknown', { name, known: known.length ? known.join(', ') : '—' }, { showUsage: true });
    }
    const scenario = this.scenarios().find((x) => x.name === name)!;
    const incident = await this.deps.incidents.declare(actor, {
      severity: s.severity, title: `${DRILL_TITLE_PREFIX}${pick(this.deps.locale, s.title)}`, ...where, drill: { scenario: name, page: s.page },
    });
    await this.deps.store.putRecord<DrillRun>(DRILL_RECORD, incident.id, { scenario: name, startedAt: incident.declaredAt }, 0);
    if (s.fault.kind === 'tabletop') return { incident, scenario };
    try {
      const request = await this.deps.approvals.request(actor, incident, DRILL_ACTION, { scenario: name, incident: incident.id }, `drill ${name}`);
      return { incident, scenario, request };
    } catch (err) {
      const reason = err instanceof UserError && err.options.text ? pick(this.deps.locale, err.options.text) : String((err as Error)?.message ?? err);
      await this.deps.incidents.resolve(actor, incident.id, translate(this.deps.locale, 'drill.summaryNotStarted', { reason }));
      throw new UserError('drill.notStarted', { reason, id: incident.id });
    }
  }

  async stop(actor: ZhibanUser, id?: string): Promise<DrillStop> {
    const inc = await this.target(id);
    const rec = await this.markStopped(inc);
    let reverted: Localized | undefined;
    if (rec?.value.injected && rec.value.revertedAt === undefined) {
      reverted = await revertFault(this.deps.targets, rec.value.injected, AbortSignal.timeout(REVERT_TIMEOUT_MS)).catch((err: unknown) =>
        L(`the revert FAILED: ${String((err as Error)?.message ?? err)} — undo it by hand`, `撤销失败：${String((err as Error)?.message ?? err)}——请手动恢复`),
      );
      await this.deps.incidents.record(actor.id, inc.id, DRILL_EVENT.reverted, { injected: rec.value.injected, result: reverted });
      await this.deps.store.putRecord<DrillRun>(DRILL_RECORD, inc.id, { ...rec.value, revertedAt: this.deps.clock.now(), reverted }, rec.version);
    }
    const what = reverted ?? L(translate('en', 'drill.nothingInjected'), translate('zh-CN', 'drill.nothingInjected'));
    const incident = await this.deps.incidents.resolve(actor, inc.id, translate(this.deps.locale, 'drill.summaryEnded', { what }));
    return { incident, ...(reverted ? { reverted } : {}) };
  }

  /**
   * Marks the drill stopped (compare-and-set), before anything is reverted: an approved injection
   * still running sees the mark when it finishes and reverts what it did at once, so a stop in that
   * window never leaves the fault in place.
   */
  private async markStopped(inc: Incident): Promise<{ value: DrillRun; version: number }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const rec = await this.deps.store.getRecord<DrillRun>(DRILL_RECORD, inc.id);
      const value: DrillRun = { ...(rec?.value ?? { scenario: inc.drill?.scenario ?? '', startedAt: inc.declaredAt }), stoppedAt: this.deps.clock.now() };
      const version = await this.deps.store.putRecord(DRILL_RECORD, inc.id, value, rec?.version ?? 0);
      if (version !== undefined) return { value, version };
    }
    throw new UserError('drill.busy', { id: inc.id });
  }

  /** The drill to stop: `id`, else the only open drill. */
  private async target(id: string | undefined): Promise<Incident> {
    if (id) {
      const inc = await this.deps.incidents.get(id);
      if (!inc.drill) throw new UserError('drill.notDrill', { id: inc.id });
      if (!isOpen(inc)) throw new UserError('drill.ended', { id: inc.id });
      return inc;
    }
    const open = (await this.deps.incidents.list()).filter((i) => i.drill && isOpen(i));
    if (open.length === 1) return open[0]!;
    if (open.length === 0) throw new UserError('drill.noneOpen', {}, { showUsage: true });
    throw new UserError('drill.ambiguous', { ids: open.map((i) => i.id).join(', '), first: open[0]!.id }, { showUsage: true });
  }
}
