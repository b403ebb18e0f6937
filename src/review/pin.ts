import type { IncidentService } from '../core/incidents/service.js';
import { EVENT } from '../core/incidents/model.js';
import type { Store } from '../store/port.js';

/** Store record kind that claims a chat message as pinned, so it lands on a timeline once. */
export const PIN_CLAIM = 'pin';

/** A message to pin: the text and author as written, and where and when it was sent when it came from chat. */
export interface Pin {
  incidentId: string;
  /** zhiban user id of whoever pinned it. */
  actor: string;
  author: string;
  text: string;
  /** Link to the chat message, when the platform has one. */
  permalink?: string;
  /** When the message itself was sent (epoch ms), not when it was pinned. */
  messageAt?: number;
  /** Identifies the chat message (`slack:<channel>:<ts>`); a second pin of the same message records nothing. */
  messageKey?: string;
}

/**
 * Records a pinned message on the incident's timeline (`incident.pinned`). A message with a
 * `messageKey` is claimed first by compare-and-set, so a duplicate delivery, a second reaction or
 * a second replica records it once. Resolves to false when it was already pinned.
 */
export async function pinMessage(deps: { store: Store; incidents: IncidentService }, pin: Pin): Promise<boolean> {
  if (pin.messageKey) {
    const claimed = await deps.store.putRecord(PIN_CLAIM, pin.messageKey, { incidentId: pin.incidentId, actor: pin.actor }, 0);
    if (claimed === undefined) return false;
  }
  await deps.incidents.record(pin.actor, pin.incidentId, EVENT.pinned, {
    author: pin.author,
    text: pin.text,
    ...(pin.permalink ? { permalink: pin.permalink } : {}),
    ...(pin.messageAt !== undefined ? { messageAt: pin.messageAt } : {}),
    ...(pin.messageKey ? { message: pin.messageKey } : {}),
  });
  return true;
}
