import { StoreNotFoundError, type Store, type StoredEvent } from '../store/port.js';

/**
 * Reads one incident's events in seq order, as a stream. Each call starts a new pass (a review
 * reads the timeline twice: once for the summary, once for the timeline table / event list).
 */
export type EventSource = (incidentId: string) => AsyncIterable<StoredEvent>;

/**
 * The events of `store`, one at a time, through `store.streamEvents`: a timeline of any length is
 * read a piece at a time and never sits in memory whole. An incident that does not exist yields nothing.
 */
export function storeEvents(store: Store): EventSource {
  return async function* (incidentId: string) {
    try {
      yield* store.streamEvents(incidentId);
    } catch (e) {
      if (!(e instanceof StoreNotFoundError)) throw e;
    }
  };
}
