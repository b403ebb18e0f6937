import type { Store } from '../../store/port.js';
import { ACTION_EVENT } from './model.js';
import { REQUEST_KEEP_MS } from './records.js';

/**
 * Store record kind of the number of requests made on each incident (id: the incident; value
 * `{ count }`), so the per-incident cap reads one small record instead of every request stored.
 */
export const INCIDENT_REQUESTS_KIND = 'request.per-incident';

/** The incident's count and the version of its record (0: none yet). */
async function counted(store: Store, incidentId: string): Promise<{ count: number; version: number }> {
  const rec = await store.getRecord<{ count: number }>(INCIDENT_REQUESTS_KIND, incidentId);
  if (rec) return { count: rec.value.count, version: rec.version };
  // No record yet (the incident's first request, or one made before the count was kept, or a
  // year since its last request): its timeline says how many were made.
  let count = 0;
  for await (const e of store.streamEvents(incidentId)) if (e.type === ACTION_EVENT.requested) count++;
  return { count, version: 0 };
}

/** How many requests were made on the incident, whatever became of them. */
export async function requestsMade(store: Store, incidentId: string): Promise<number> {
  return (await counted(store, incidentId)).count;
}

/**
 * Counts one more request on the incident unless it already has `max`; false when it has. A
 * compare-and-set on the incident's count, so requests racing on several replicas never get
 * past the cap together. The count is kept for REQUEST_KEEP_MS after `now`.
 */
export async function takeRequestSlot(store: Store, incidentId: string, max: number, now: number): Promise<boolean> {
  for (;;) {
    const { count, version } = await counted(store, incidentId);
    if (count >= max) return false;
    if ((await store.putRecord(INCIDENT_REQUESTS_KIND, incidentId, { count: count + 1 }, version, { expiresAt: now + REQUEST_KEEP_MS })) !== undefined) return true;
  }
}
