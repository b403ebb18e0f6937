import type { ProbeResult } from '../core/checks/model.js';
import { CHECK_EVENT } from '../core/checks/model.js';
import { evidenceData } from '../core/checks/record.js';
import type { Clock } from '../core/clock.js';
import type { IncidentService } from '../core/incidents/service.js';
import { isOpen } from '../core/incidents/model.js';
import type { Severity } from '../core/incidents/severity.js';
import type { Platform } from '../core/invocation.js';
import type { PatrolIncident } from '../core/patrols/port.js';
import type { ZhibanUser } from '../core/users.js';
import type { Store } from '../store/port.js';

/** Record kind: the incident a failing check of a patrol opened, keyed `<patrol>.<check>`. */
export const PATROL_INCIDENT = 'patrol.incident';
/** A claim older than this (a replica died between claiming and declaring) may be taken over. */
const STALE_CLAIM_MS = 5 * 60_000;

/** zhiban itself, as the declarer of the incidents patrols open. */
export const ZHIBAN_ACTOR: ZhibanUser = { id: 'zhiban', name: 'zhiban', roles: ['responder'], known: true };

interface OpenRecord {
  incidentId?: string;
  claimedAt: number;
}

/** What opening an incident for a failing check needs. */
export interface OpenDeps {
  store: Store;
  clock: Clock;
  incidents: IncidentService;
}

/**
 * Opens an incident for a crit check of a patrol, at most one while it stays open: the record
 * `<patrol>.<check>` names the open incident, and it is claimed by compare-and-set before the
 * declaration, so two replicas (or a scheduled and a manual run) never both declare. When the
 * incident for that check is still open, the new results are added to it as evidence instead.
 */
export async function openOnce(
  deps: OpenDeps,
  key: { patrol: string; check: string },
  incident: { severity: Severity; title: string; channel: string; platform: Platform },
  results: ProbeResult[],
): Promise<PatrolIncident | undefined> {
  const id = `${key.patrol}.${key.check}`.replace(/[^A-Za-z0-9._-]/g, '_').replace(/\.{2,}/g, '.').slice(0, 128);
  const command = `/patrol run ${key.patrol}`;
  const rec = await deps.store.getRecord<OpenRecord>(PATROL_INCIDENT, id);
  const now = deps.clock.now();
  if (rec?.value.incidentId) {
    const known = await deps.incidents.get(rec.value.incidentId).catch(() => undefined);
    if (known && isOpen(known)) {
      await deps.incidents.record(ZHIBAN_ACTOR.id, known.id, CHECK_EVENT, evidenceData(command, results));
      return { check: key.check, id: known.id, opened: false };
    }
  } else if (rec && now - rec.value.claimedAt < STALE_CLAIM_MS) {
    return undefined;
  }
  const version = await deps.store.putRecord<OpenRecord>(PATROL_INCIDENT, id, { claimedAt: now }, rec?.version ?? 0);
  if (version === undefined) return undefined;
  const inc = await deps.incidents.declare(ZHIBAN_ACTOR, incident);
  await deps.store.putRecord<OpenRecord>(PATROL_INCIDENT, id, { claimedAt: now, incidentId: inc.id }, version);
  await deps.incidents.record(ZHIBAN_ACTOR.id, inc.id, CHECK_EVENT, evidenceData(command, results));
  return { check: key.check, id: inc.id, opened: true };
}
