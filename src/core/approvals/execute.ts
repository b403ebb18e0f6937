import { randomBytes } from 'node:crypto';
import type { DeadlineClock } from '../clock.js';
import { UserError } from '../errors.js';
import { translate, type Locale } from '../i18n/index.js';
import type { IncidentService } from '../incidents/service.js';
import type { Logger } from '../logger.js';
import type { ZhibanUser } from '../users.js';
import type { Store, Versioned } from '../../store/port.js';
import type { ProbeResult } from '../checks/model.js';
import { overall } from '../verdict.js';
import { ACTION_EVENT, DEFAULT_RUN_MS, type ActionRequest } from './model.js';
import type { ActionHandler, ActionsPort, Outcome } from './port.js';
import { putRequest } from './records.js';


/** What running an approved request needs. */
export interface ExecuteDeps {
  store: Store;
  clock: DeadlineClock;
  incidents: IncidentService;
  actions: ActionsPort;
  logger: Logger;
}

/**
 * Runs a request that this process just moved to `executing` (it won the compare-and-set, so no
 * one else runs it), records the outcome on the request and the timeline, then — after a
 * successful run — the verification checks. A throwing handler is a `failed` outcome, never a crash;
 * a failure to record after the run is a UserError reporting the outcome (never inviting a retry).
 */
export async function runApproved(deps: ExecuteDeps, actor: ZhibanUser, rec: Versioned<ActionRequest>): Promise<ActionRequest> {
  const req = rec.value;
  await deps.actions.load?.();
  const handler = deps.actions.get(req.kind);
  let outcome: Outcome;
  try {
    if (!handler) throw new Error(`action ${req.kind} is no longer configured`);
    outcome = await handler.execute(req.params, req.preview.snapshot, deps.clock.deadline(handler.maxRunMs?.(req.params) ?? DEFAULT_RUN_MS));
  } catch (err) {
    deps.logger.error('action failed', { request: req.id, kind: req.kind, error: (err as Error)?.message });
    const msg = String((err as Error)?.message ?? err).slice(0, 300);
    outcome = { status: 'failed', result: { en: `failed: ${msg}`, 'zh-CN': `执行失败：${msg}` } };
  }
  const finished: ActionRequest = {
    ...req,
    state: outcome.status === 'done' ? 'executed' : outcome.status,
    execution: { ...req.execution, by: actor.id, startedAt: req.execution?.startedAt ?? deps.clock.now(), finishedAt: deps.clock.now(), outcome },
  };
  try {
    return await recordOutcome(deps, actor, rec, finished, handler);
  } catch (err) {
    throw unrecorded(deps.logger, finished, err);
  }
}

/**
 * Everything after the action ran: the outcome on the request and the timeline, then the
 * verification checks. Any failure here must not read as "nothing happened" (see `unrecorded`).
 */
async function recordOutcome(deps: ExecuteDeps, actor: ZhibanUser, rec: Versioned<ActionRequest>, finished: ActionRequest, handler: ActionHandler | undefined): Promise<ActionRequest> {
  const req = rec.value;
  const outcome = finished.execution!.outcome!;
  const version = await save(deps, finished, rec.version);
  await deps.store.cancelTimer(`expire.${req.id}`);
  await deps.incidents.record(actor.id, req.incidentId, ACTION_EVENT.executed, { request: req.id, status: outcome.status, result: outcome.result, detail: outcome.detail ?? null });
  if (outcome.status !== 'done' || !handler?.verify) return finished;
  let results: ProbeResult[];
  try {
    results = await handler.verify(req.params);
  } catch (err) {
    deps.logger.error('verification failed', { request: req.id, error: (err as Error)?.message });
    await deps.incidents.record('zhiban', req.incidentId, ACTION_EVENT.verified, { request: req.id, verdict: 'error', results: [] });
    return finished;
  }
  const verified: ActionRequest = { ...finished, verification: { verdict: overall(results), summary: results.map((r) => r.summary) } };
  await save(deps, verified, version);
  await deps.incidents.record('zhiban', req.incidentId, ACTION_EVENT.verified, {
    request: req.id,
    verdict: verified.verification!.verdict,
    results: results.map((r) => ({ target: r.target, verdict: r.verdict, summary: r.summary })),
  });
  return verified;
}

/**
 * The action ran but its outcome could not be (fully) recorded — typically a full disk. The
 * outcome goes to the operator log, and the approver is told what happened and NOT to run it
 * again (never the generic "nothing was recorded, try again"). The request stays `executing`
 * until a later start reconciles it (`ApprovalService.reconcile`) or its timer marks it interrupted.
 */
function unrecorded(logger: Logger, finished: ActionRequest, err: unknown): UserError {
  const ref = randomBytes(4).toString('hex');
  const e = err as Error & { code?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'error';
  const outcome = finished.execution!.outcome!;
  logger.error('outcome not recorded', { ref, request: finished.id, kind: finished.kind, state: finished.state, result: outcome.result.en, code, error: e?.message });
  const text = (locale: Locale) => translate(locale, 'approval.unrecorded', { id: finished.id, state: finished.state, result: outcome.result[locale], code, ref });
  return UserError.text({ en: text('en'), 'zh-CN': text('zh-CN') }, false);
}

async function save(deps: ExecuteDeps, value: ActionRequest, version: number): Promise<number> {
  const next = await putRequest(deps.store, value, version, deps.clock.now());
  if (next === undefined) throw new Error(`request ${value.id} changed while it was executing`);
  return next;
}
