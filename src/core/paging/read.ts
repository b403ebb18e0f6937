import { apply, declared, EVENT, type Incident } from '../incidents/model.js';
import { StoreNotFoundError, type Store } from '../../store/port.js';
import { applyPaging, noPaging, type PagingState } from './model.js';

/** An incident and its paging, folded from one read of its timeline. */
export interface IncidentPaging {
  /** Undefined when the incident does not exist. */
  incident?: Incident;
  paging: PagingState;
}

/**
 * The incident `id` and its paging state, folded together from one pass over its timeline as it
 * streams from the store (so both describe the same moment): memory holds the incident and the
 * paging state (plans, pages, acks), never the whole timeline, however long the incident has run.
 * An incident that does not exist has no paging. Throws, like `reduce`, when the timeline does
 * not start with a declaration.
 */
export async function readIncidentPaging(store: Store, id: string): Promise<IncidentPaging> {
  const paging = noPaging();
  let incident: Incident | undefined;
  try {
    for await (const e of store.streamEvents(id)) {
      if (incident) apply(incident, e);
      else if (!(incident = declared(e))) throw new Error(`incident timeline must start with ${EVENT.declared}`);
      applyPaging(paging, e);
    }
  } catch (err) {
    if (!(err instanceof StoreNotFoundError)) throw err;
  }
  return incident ? { incident, paging } : { paging };
}

/** The paging state of incident `id` (see readIncidentPaging); no paging when it does not exist. */
export async function readPaging(store: Store, id: string): Promise<PagingState> {
  const paging = noPaging();
  try {
    for await (const e of store.streamEvents(id)) applyPaging(paging, e);
  } catch (err) {
    if (!(err instanceof StoreNotFoundError)) throw err;
  }
  return paging;
}
