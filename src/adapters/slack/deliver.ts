import type { RespondFn } from '@slack/bolt';
import type { Clock } from '../../core/clock.js';
import type { Translator } from '../../core/i18n/index.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import type { ChatTarget, PostedRef } from '../../runtime/chat-adapter.js';
import { renderReply, type RenderedReply } from './render.js';
import { slackErrorCode, type WebClient } from './web.js';

/**
 * Where an answer goes: through the `response_url` of a slash command or click, or into a
 * channel (thread) for mentions. `user` is who asked; answers for the asker reach only them.
 */
export type Destination =
  | { via: 'response_url'; respond: RespondFn; channel: string; user: string; replaceOriginal?: boolean }
  | { via: 'channel'; channel: string; user: string; threadTs?: string };

/** After a failed file upload, cut replies go without a file for this long (one failure, not one per reply). */
export const UPLOAD_PAUSE_MS = 10 * 60_000;

/**
 * Posts replies to Slack. Who sees an answer is the reply's `audience` (core decides): the asker
 * only (ephemeral) or the channel. A successful button click replaces the message that carried
 * the button (so a decided request no longer shows Approve / Deny); a refused click leaves it and
 * tells only the clicker. A failing Web API or response_url call is logged and, where another
 * way exists, reported to the asker; it never throws. A reply that did not fit is followed by
 * its full text as a file: in the same channel (and thread), or in the asker's direct messages
 * when the reply was for the asker. When an upload fails it is logged once and cut replies say
 * so in their marker instead of promising a file, for UPLOAD_PAUSE_MS — no extra message per reply.
 */
export class Delivery {
  private uploadsOffUntil = 0;

  constructor(private readonly deps: { web: WebClient; logger: Logger; t: Translator; clock: Clock }) {}

  /** Renders `reply` and posts it to `to`. */
  async deliver(reply: Reply, to: Destination): Promise<void> {
    const { message, overflow } = this.render(reply);
    const priv = reply.audience === 'asker';
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
      // An answer for the asker has its full text go to their direct messages, never to the channel.
      const where = priv ? { channel_id: await this.directChannel(to.user) } : { channel_id: to.channel, ...thread };
      await this.deps.web.filesUploadV2({ ...where, filename: overflow.filename, title: overflow.filename, content: overflow.content });
    } catch (err) {
      this.uploadsOffUntil = this.deps.clock.now() + UPLOAD_PAUSE_MS;
      this.deps.logger.error('slack file upload failed; cut replies go without a file for a while', { channel: to.channel, error: slackErrorCode(err), pauseMs: UPLOAD_PAUSE_MS });
    }
  }

  /** Posts `reply` to a conversation or a person's direct messages; undefined (logged) when Slack refused. */
  async post(to: ChatTarget, reply: Reply): Promise<PostedRef | undefined> {
    const { message } = renderReply(reply, this.deps.t);
    try {
      const channel = to.kind === 'person' ? await this.directChannel(to.platformId) : to.id;
      const thread = to.kind === 'conversation' && to.thread ? { thread_ts: to.thread } : {};
      const posted = await this.deps.web.chat.postMessage({ channel, ...thread, ...message });
      if (!posted.ts) throw new Error('chat.postMessage answered without a message ts');
      return { platform: 'slack', conversation: posted.channel ?? channel, messageId: posted.ts };
    } catch (err) {
      this.deps.logger.error('slack message not posted', { to: to.kind, error: slackErrorCode(err) });
      return undefined;
    }
  }

  /** Replaces a posted message; `'gone'` when it was deleted in Slack, other failures logged. */
  async update(ref: PostedRef, reply: Reply): Promise<void | 'gone'> {
    try {
      await this.deps.web.chat.update({ channel: ref.conversation, ts: ref.messageId, ...renderReply(reply, this.deps.t).message });
    } catch (err) {
      const error = slackErrorCode(err);
      if (error === 'message_not_found') return 'gone';
      this.deps.logger.error('slack message not updated', { channel: ref.conversation, error });
    }
  }

  /** Deletes a posted message; failures are only logged. */
  async remove(ref: PostedRef): Promise<void> {
    try {
      await this.deps.web.chat.delete({ channel: ref.conversation, ts: ref.messageId });
    } catch (err) {
      this.deps.logger.warn('slack message not deleted', { channel: ref.conversation, error: slackErrorCode(err) });
    }
  }

  /** A short private notice to the asker; failures are only logged. */
  async tell(to: Destination, text: string): Promise<void> {
    const message = renderReply({ ok: true, tone: 'info', audience: 'asker', blocks: [{ type: 'text', text }] }, this.deps.t).message;
    try {
      if (to.via === 'response_url') await to.respond({ ...message, response_type: 'ephemeral', replace_original: false });
      else await this.deps.web.chat.postEphemeral({ channel: to.channel, user: to.user, ...(to.threadTs ? { thread_ts: to.threadTs } : {}), ...message });
    } catch (err) {
      this.deps.logger.warn('slack notice failed', { via: to.via, channel: to.channel, error: slackErrorCode(err) });
    }
  }

  /** Renders a reply, promising a file for a cut reply only while uploads work. */
  private render(reply: Reply): RenderedReply {
    return renderReply(reply, this.deps.t, { attach: this.deps.clock.now() >= this.uploadsOffUntil });
  }

  /** The id of the direct-message conversation between the bot and `user`. */
  private async directChannel(user: string): Promise<string> {
    const opened = await this.deps.web.conversations.open({ users: user });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    return id;
  }
}
