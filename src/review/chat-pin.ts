import { isOpen, type Incident } from '../core/incidents/model.js';
import type { IncidentService } from '../core/incidents/service.js';
import type { Platform } from '../core/invocation.js';
import { allows } from '../core/roles.js';
import type { Directory, ZhibanUser } from '../core/users.js';
import type { ReviewService } from './service.js';

/** A chat message someone asked to pin (by a reaction), in the platform's own ids. */
export interface ChatPin {
  author: string;
  text: string;
  permalink?: string;
  /** When the message was sent (epoch ms). */
  messageAt: number;
  /** Unique per message on the platform and safe as a store name, e.g. `slack.C0INC.1795312680-000200`. */
  messageKey: string;
}

/** Where a pin reaction lands, or why it is ignored (`reason` is for the log). */
export type PinTarget = { incident: Incident; actor: ZhibanUser } | { reason: string };

/**
 * Pinning chat messages for any platform: `target` says which open incident a reaction in a
 * conversation pins to (only for responders, only in an incident's own channel) before the adapter
 * fetches the message; `pin` records it once per message.
 */
export class ChatPins {
  constructor(private readonly deps: { directory: Directory; incidents: IncidentService; reviews: ReviewService }) {}

  /** The newest open incident declared in `channel` on `platform`, if `reactor` may pin to it. */
  async target(platform: Platform, reactor: string, channel: string): Promise<PinTarget> {
    const actor = this.deps.directory.resolve(platform, reactor);
    if (!actor.known || !allows(actor.roles, ['responder'])) return { reason: 'not a responder' };
    const open = (await this.deps.incidents.list()).filter((i) => isOpen(i) && i.platform === platform && i.channel === channel);
    const incident = open.sort((a, b) => b.declaredAt - a.declaredAt)[0];
    return incident ? { incident, actor } : { reason: 'no open incident in this channel' };
  }

  /** Records the message on the incident's timeline; false when it was pinned before. */
  async pin(platform: Platform, target: { incident: Incident; actor: ZhibanUser }, message: ChatPin): Promise<boolean> {
    const author = this.deps.directory.resolve(platform, message.author).id;
    return this.deps.reviews.pin({ ...message, incidentId: target.incident.id, actor: target.actor.id, author });
  }
}
