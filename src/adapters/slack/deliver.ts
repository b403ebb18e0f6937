import type { RespondFn } from '@slack/bolt';
import type { Translator } from '../../core/i18n/index.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import { renderReply } from './render.js';
import { slackErrorCode, type WebClient } from './web.js';

/**
 * Where an answer goes: through the `response_url` of a slash command or click, or into a
 * channel (thread) for mentions. `user` is who asked; private answers reach only them.
 */
export type Destination =
  | { via: 'response_url'; respond: RespondFn; channel: string; user: string; replaceOriginal?: boolean }
  | { via: 'channel'; channel: string; user: string; threadTs?: string };

/** Refusals and incident cards (the channel shows the live card) are for the asker only; other answers are for the channel. */
export function isPrivate(reply: Reply): boolean {
  return !reply.ok || reply.incidentId !== undefined;
}

/**
 * Posts replies to Slack. A successful button click replaces the message that carried the button
 * (so a decided request no longer shows Approve / Deny); a refused click leaves it and tells only
 * the clicker. A failing Web API or response_url call is logged and, where another
 * way exists, reported to the asker; it never throws. A reply that did not fit is followed by
 * its full text as a file: in the same channel (and thread), or in the asker's direct messages
 * when the reply was private.
 */
export class Delivery {
  constructor(private readonly deps: { web: WebClient; logger: Logger; t: Translator }) {}

  /** Renders `reply` and posts it to `to`. */
  async deliver(reply: Reply, to: Destination): Promise<void> {
    const { message, overflow } = renderReply(reply, this.deps.t);
    const priv = isPrivate(reply);
    const thread = to.via === 'channel' && to.threadTs ? { thread_ts: to.threadTs } : {};
    try {
      if (to.via === 'response_url' && to.replaceOriginal && reply.ok) await to.respond({ ...message, replace_original: true });
      else if (to.via === 'response_url') await to.respond({ ...message, response_type: priv ? 'ephemeral' : 'in_channel', replace_original: false });
      else if (priv) await this.deps.web.chat.postEphemeral({ channel: to.channel, user: to.user, ...thread, ...message });
      else await this.deps.web.chat.postMessage({ channel: to.channel, ...thread, ...message });
    } catch (err) {
      const error = slackErrorCode(err);
      this.deps.logger.error('slack reply failed', { via: to.via, channel: to.channel, error });
      if (to.via === 'channel' && !priv) await this.tell(to, this.deps.t('slack.postFailed', { error }));
      return;
    }
    if (!overflow) return;
    try {
      // A private answer's full text goes to the asker's direct messages, never to the channel.
      const where = priv ? { channel_id: await this.directChannel(to.user) } : { channel_id: to.channel, ...thread };
      await this.deps.web.filesUploadV2({ ...where, filename: overflow.filename, title: overflow.filename, content: overflow.content });
    } catch (err) {
      const error = slackErrorCode(err);
      this.deps.logger.error('slack file upload failed', { channel: to.channel, error });
      await this.tell(to, this.deps.t('slack.attachFailed', { error }));
    }
  }

  /** The id of the direct-message conversation between the bot and `user`. */
  private async directChannel(user: string): Promise<string> {
    const opened = await this.deps.web.conversations.open({ users: user });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    return id;
  }

  /** A short private notice to the asker; failures are only logged. */
  async tell(to: Destination, text: string): Promise<void> {
    const message = renderReply({ ok: true, tone: 'info', blocks: [{ type: 'text', text }] }, this.deps.t).message;
    try {
      if (to.via === 'response_url') await to.respond({ ...message, response_type: 'ephemeral', replace_original: false });
      else await this.deps.web.chat.postEphemeral({ channel: to.channel, user: to.user, ...(to.threadTs ? { thread_ts: to.threadTs } : {}), ...message });
    } catch (err) {
      this.deps.logger.warn('slack notice failed', { via: to.via, channel: to.channel, error: slackErrorCode(err) });
    }
  }
}
