import type { App as BoltApp } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import type { ChatPins } from '../../review/chat-pin.js';
import { slackErrorCode, type WebClient } from './web.js';

/** What the pin reaction needs: the platform-neutral pinning, the Web API, and the emoji. */
export interface PinReactionDeps {
  pins: ChatPins;
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
 * message (author, text, permalink and the message's own time) on the incident's timeline, once
 * per message however often Slack delivers the event (see ChatPins). Anything that cannot be
 * pinned is logged, never answered in the channel.
 */
export function registerPinReaction(bolt: BoltApp, deps: PinReactionDeps): void {
  bolt.event('reaction_added', async ({ event }) => {
    if (event.reaction !== deps.emoji || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const target = await deps.pins.target('slack', event.user, channel);
    if ('reason' in target) {
      deps.logger.info(`pin reaction ignored: ${target.reason}`, { user: event.user, channel });
      return;
    }
    try {
      const message = await fetchMessage(deps.web, channel, ts);
      if (!message) {
        deps.logger.warn('pin reaction: message not found', { channel, ts });
        return;
      }
      const permalink = (await deps.web.chat.getPermalink({ channel, message_ts: ts })).permalink;
      const pinned = await deps.pins.pin('slack', target, {
        author: message.user ?? event.item_user ?? '?',
        text: message.text ?? '',
        messageAt: Math.round(Number(ts) * 1000),
        messageKey: `slack.${channel}.${ts.replace('.', '-')}`,
        ...(permalink ? { permalink } : {}),
      });
      deps.logger.info(pinned ? 'message pinned to the timeline' : 'message was pinned before', { incident: target.incident.id, channel, ts });
    } catch (err) {
      deps.logger.error('pin reaction failed', { incident: target.incident.id, channel, ts, error: slackErrorCode(err) });
    }
  });
}
