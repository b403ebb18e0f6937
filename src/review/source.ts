import type { Store, StoredEvent } from '../store/port.js';

/**
 * Reads one incident's events in seq order, as a stream. Each call starts a new pass (a review
 * reads the timeline twice: once for the summary, once for the timeline table / event list).
 */
export type EventSource = (incidentId: string) => AsyncIterable<StoredEvent>;

/** The events of `store`, one at a time. */
export function storeEvents(store: Store): EventSource {
  return async function* (incidentId: string) {
    for (const e of (await store.readEvents(incidentId)) ?? []) yield e;
  };
}
