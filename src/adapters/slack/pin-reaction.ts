import type { App as BoltApp } from '@slack/bolt';
import { isOpen } from '../../core/incidents/model.js';
import type { Logger } from '../../core/logger.js';
import { allows } from '../../core/roles.js';
import type { Services } from '../../core/services.js';
import { slackErrorCode, type WebClient } from './web.js';

/** What the pin reaction needs. */
export interface PinReactionDeps {
  services: Pick<Services, 'directory' | 'incidents' | 'reviews'>;
  web: WebClient;
  logger: Logger;
  /** The reaction that pins (`review.pinEmoji`, default `pushpin`). */
  emoji: string;
}

/** The message a reaction points at, as Slack stores it (a thread reply is found with conversations.replies). */
async function fetchMessage(web: WebClient, channel: string, ts: string): Promise<{ user?: string; text?: string } | undefined> {
  const history = await web.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const top = history.messages?.find((m) => m.ts === ts);
  if (top) return top;
  const replies = await web.conversations.replies({ channel, ts, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  return replies.messages?.find((m) => m.ts === ts);
}

/**
 * A responder reacting with the pin emoji on a message in an incident's Slack channel puts that
 * message (author, text, permalink and the message's own time) on the incident's timeline. The
 * message is claimed in the store first, so a retried delivery, a second reaction or another
 * replica records it once. Anything that cannot be pinned is logged, never answered in the channel.
 */
export function registerPinReaction(bolt: BoltApp, deps: PinReactionDeps): void {
  const { directory, incidents, reviews } = deps.services;
  bolt.event('reaction_added', async ({ event }) => {
    if (event.reaction !== deps.emoji || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const actor = directory.resolve('slack', event.user);
    if (!actor.known || !allows(actor.roles, ['responder'])) {
      deps.logger.info('pin reaction ignored: not a responder', { user: event.user, channel });
      return;
    }
    const open = (await incidents.list()).filter((i) => isOpen(i) && i.platform === 'slack' && i.channel === channel);
    const incident = open.sort((a, b) => b.declaredAt - a.declaredAt)[0];
    if (!incident) {
      deps.logger.info('pin reaction ignored: no open incident in this channel', { channel });
      return;
    }
    try {
      const message = await fetchMessage(deps.web, channel, ts);
      if (!message) {
        deps.logger.warn('pin reaction: message not found', { channel, ts });
        return;
      }
      const permalink = (await deps.web.chat.getPermalink({ channel, message_ts: ts })).permalink;
      const author = message.user ? directory.resolve('slack', message.user).id : (event.item_user ?? '?');
      const pinned = await reviews.pin({
        incidentId: incident.id,
        actor: actor.id,
        author,
        text: message.text ?? '',
        messageAt: Math.round(Number(ts) * 1000),
        messageKey: `slack.${channel}.${ts.replace('.', '-')}`,
        ...(permalink ? { permalink } : {}),
      });
      deps.logger.info(pinned ? 'message pinned to the timeline' : 'message was pinned before', { incident: incident.id, channel, ts });
    } catch (err) {
      deps.logger.error('pin reaction failed', { incident: incident.id, channel, ts, error: slackErrorCode(err) });
    }
  });
}
