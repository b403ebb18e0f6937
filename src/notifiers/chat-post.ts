import { translate, type Locale } from '../core/i18n/index.js';
import type { Platform } from '../core/invocation.js';
import type { ChannelPoster } from '../core/paging/deps.js';
import type { Logger } from '../core/logger.js';
import type { MentionIds, Reply } from '../core/reply.js';
import { renderText } from '../render/text.js';
import type { AdapterLookup } from './chat-dm.js';

/** Posts `reply` in a conversation on a platform; false when that platform is not connected or refused it. */
export async function postToConversation(adapters: AdapterLookup, platform: Platform, conversation: string, reply: Reply): Promise<boolean> {
  const adapter = adapters(platform);
  if (!adapter) return false;
  return (await adapter.deliver({ kind: 'conversation', id: conversation }, reply)) !== undefined;
}

/**
 * Posts a text in a conversation on a platform (for everybody there); false when that platform
 * is not connected or refused the message.
 */
export function conversationPoster(adapters: AdapterLookup): (platform: Platform, conversation: string, text: string, mentions?: MentionIds[]) => Promise<boolean> {
  return (platform, conversation, text, mentions) =>
    postToConversation(adapters, platform, conversation, { ok: true, tone: 'warning', blocks: [{ type: 'text', text }], audience: 'channel', ...(mentions?.length ? { mentions } : {}) });
}

/**
 * Posts the paging notice in the incident's own conversation on the platform it was declared
 * on, naming and @-mentioning the people paged (P3: the only notice). False when that platform is not connected.
 */
export function chatPoster(adapters: AdapterLookup, locale: (p: Platform) => Locale): ChannelPoster {
  const post = conversationPoster(adapters);
  return async (inc, people, plan) => {
    const platform = inc.platform as Platform;
    const l = locale(platform);
    const names = people.map((p) => p.name).join(', ');
    const text = plan.steps.length === 0
      ? translate(l, 'paging.msg.postOnly', { id: inc.id, severity: inc.severity, title: inc.title })
      : translate(l, 'paging.msg.post', { id: inc.id, severity: inc.severity, title: inc.title, people: names });
    const mentions = people.flatMap((p) => (p.slack || p.dingtalk ? [{ ...(p.slack ? { slack: p.slack } : {}), ...(p.dingtalk ? { dingtalk: p.dingtalk } : {}) }] : []));
    return post(platform, inc.channel, text, mentions);
  };
}

/**
 * Posts a reply to a conversation of a chat platform (a patrol's summary); `console` writes its
 * plain text to zhiban's log instead. False when the platform is not connected or refused it.
 */
export function replyPoster(adapters: AdapterLookup, logger: Logger): (to: { platform: Platform; channel?: string }, reply: Reply) => Promise<boolean> {
  return async (to, reply) => {
    if (to.platform === 'console' || to.channel === undefined) {
      logger.info('posted', { text: renderText(reply) });
      return true;
    }
    return postToConversation(adapters, to.platform, to.channel, reply);
  };
}
