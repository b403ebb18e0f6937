import type { Store } from '../../store/port.js';
import { FINAL_STATES, REQUEST_KIND, type ActionRequest } from './model.js';

/**
 * How long a request's record is kept after it ended (executed, failed, refused, denied or
 * expired). Nothing acts on an ended request any more; its record only answers `/requests
 * REQ-id` and a late click on its buttons, and the review and the timeline read the
 * timeline's events, which keep everything the export shows. After a year it expires, so the
 * requests stored stay about a year's worth, as the on-call overrides do.
 */
export const REQUEST_KEEP_MS = 366 * 86_400_000;

/**
 * Writes a request by compare-and-set (see Store.putRecord). A request in a final state expires
 * REQUEST_KEEP_MS after `now` (when it ended); a pending or executing one never expires.
 */
export function putRequest(store: Store, req: ActionRequest, expectedVersion: number, now: number): Promise<number | undefined> {
  const opts = FINAL_STATES.includes(req.state) ? { expiresAt: now + REQUEST_KEEP_MS } : {};
  return store.putRecord(REQUEST_KIND, req.id, req, expectedVersion, opts);
}
