import { z } from 'zod';
import type { ActionHandler, Outcome } from '../core/approvals/port.js';
import type { Clock } from '../core/clock.js';
import { DRILL_ACTION, DRILL_EVENT, type DrillRun } from '../core/drills/model.js';
import { UserError } from '../core/errors.js';
import { L } from '../core/i18n/index.js';
import type { IncidentService } from '../core/incidents/service.js';
import type { Store } from '../store/port.js';
import type { DrillsConfig } from './config.js';
import { injectFault, previewFault, revertFault, type FaultTargets } from './faults.js';

/** Record kind of drills, keyed by incident id. */
export const DRILL_RECORD = 'drill.run';

const paramsSchema = z.strictObject({ scenario: z.string().min(1).max(40), incident: z.string().min(1).max(40) });

/** What the injection needs. */
export interface InjectDeps {
  drills: DrillsConfig;
  targets: FaultTargets;
  store: Store;
  incidents: IncidentService;
  clock: Clock;
}

/**
 * The action behind a drill's injection: filed by `/drill start` as a request, so it runs only
 * after another approver approves, like every write. It injects the scenario's fault, keeps what
 * it did on the drill's record (for `/drill stop` to undo exactly that) and on the timeline.
 */
const errorText = (err: unknown): string => String((err as Error)?.message ?? err);

/** Records the injection on the drill (compare-and-set); false when the drill was stopped meanwhile. */
async function recordInjection(d: InjectDeps, incident: string, scenario: string, at: number, injected: DrillRun['injected']): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const rec = await d.store.getRecord<DrillRun>(DRILL_RECORD, incident);
    if (rec?.value.stoppedAt !== undefined) return false;
    const run: DrillRun = { ...(rec?.value ?? { scenario, startedAt: at }), injectedAt: at, ...(injected ? { injected } : {}) };
    if ((await d.store.putRecord(DRILL_RECORD, incident, run, rec?.version ?? 0)) !== undefined) return true;
  }
  throw new Error('the drill record kept changing while the injection was recorded');
}

export function drillInjectAction(d: InjectDeps): ActionHandler {
  const scenarioOf = (params: Record<string, unknown>) => {
    const p = paramsSchema.parse(params);
    const s = Object.hasOwn(d.drills, p.scenario) ? d.drills[p.scenario] : undefined;
    if (!s || s.fault.kind === 'tabletop') throw UserError.text(L(`no drill scenario "${p.scenario}" with a fault`, `没有带故障注入的演练场景“${p.scenario}”`), false);
    return { p, s, fault: s.fault };
  };
  return {
    kind: DRILL_ACTION,
    normalize: (params) => paramsSchema.parse(params),
    async prepare(params, signal) {
      const { fault } = scenarioOf(params);
      const preview = await previewFault(d.targets, fault, signal);
      return { ...preview, risk: 'normal' };
    },
    async execute(params, snapshot, signal): Promise<Outcome> {
      const { p, fault } = scenarioOf(params);
      try {
        const injected = await injectFault(d.targets, fault, snapshot, p.incident, signal);
        const at = d.clock.now();
        if (!(await recordInjection(d, p.incident, p.scenario, at, injected))) {
          // `/drill stop` ran while the fault was being injected: undo it now rather than leave it behind.
          const reverted = await revertFault(d.targets, injected, signal).catch((err: unknown) => L(`the revert FAILED: ${errorText(err)} — undo it by hand`, `撤销失败：${errorText(err)}——请手动恢复`));
          await d.incidents.record('zhiban', p.incident, DRILL_EVENT.reverted, { injected, result: reverted });
          return { status: 'failed', result: L(`the drill was stopped while its fault was injected; reverted at once: ${reverted.en}`, `注入故障期间演练已停止，已立即撤销：${reverted['zh-CN']}`) };
        }
        await d.incidents.record('zhiban', p.incident, DRILL_EVENT.injected, { scenario: p.scenario, injected });
        return { status: 'done', result: L(`drill fault injected (${fault.kind}); detect it, then /drill stop`, `演练故障已注入（${fault.kind}）；请排查，然后 /drill stop`) };
      } catch (err) {
        const why = err instanceof UserError && err.options.text ? err.options.text.en : String((err as Error)?.message ?? err);
        return { status: 'failed', result: L(`drill fault not injected: ${why}`, `演练故障未注入：${why}`) };
      }
    },
  };
}
