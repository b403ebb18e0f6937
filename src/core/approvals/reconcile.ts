import { EVENT } from '../incidents/model.js';
import type { IncidentService } from '../incidents/service.js';
import { ACTION_EVENT, type ActionRequest } from './model.js';

/**
 * True when the request's incident was resolved after the request was made (found on the
 * timeline after the request's own event), even if it was reopened since: a request dies with
 * the resolution of its incident and never runs in a later life of it.
 */
export async function resolvedSince(incidents: IncidentService, req: ActionRequest): Promise<boolean> {
  const events = await incidents.timeline(req.incidentId);
  const made = events.findIndex((e) => e.type === ACTION_EVENT.requested && e.data.request === req.id);
  return events.slice(made + 1).some((e) => e.type === EVENT.resolved);
}

/**
 * Whether the process that runs a request (`execution.runner`) is still alive: true, false, or
 * undefined when this process cannot tell (another host). Supplied by the runtime.
 */
export type RunnerAlive = (runner: string) => boolean | undefined;

/**
 * True for a request left `executing` by a process that is known to be gone: it will never
 * record an outcome itself, so a start-up marks it interrupted rather than waiting for its timer.
 */
export function orphaned(req: ActionRequest, self: string | undefined, alive: RunnerAlive | undefined): boolean {
  const runner = req.execution?.runner;
  if (req.state !== 'executing' || !runner || runner === self || !alive) return false;
  return alive(runner) === false;
}
