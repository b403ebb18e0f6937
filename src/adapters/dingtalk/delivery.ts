import { randomBytes } from 'node:crypto';
import type { Translator } from '../../core/i18n/index.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import type { PostedRef } from '../../runtime/chat-adapter.js';
import type { Store } from '../../store/port.js';
import { CARD_BUTTON_SLOTS, cardData, hasButtons, type CardButton } from './card-data.js';
import type { Conversation, ConversationBook } from './conversations.js';
import { escapeMarkdown, renderMarkdown, type Markdown } from './markdown.js';
import { str, type DingTalkApi } from './openapi.js';

/** Store record kind of an interactive card zhiban posted (by its `outTrackId`): where it is and what its buttons run. */
export const CARD_RECORD = 'dingtalk-card';
/** Prefix of zhiban's card `outTrackId`s; a PostedRef without it is a markdown message (not editable). */
export const CARD_PREFIX = 'zb-';

/** What zhiban keeps about a card it posted. */
export interface CardRecord {
  conversation: string;
  buttons: CardButton[];
  params: Record<string, string>;
}

/** What posting needs. Without `cardTemplateId` every reply is markdown. */
export interface DeliveryDeps {
  api: DingTalkApi;
  book: ConversationBook;
  store: Store;
  logger: Logger;
  t: Translator;
  robotCode: string;
  cardTemplateId?: string;
}

const errorText = (err: unknown): string => (err as Error)?.message ?? String(err);

/**
 * Posts replies to DingTalk. Markdown goes through the conversation's session webhook while it
 * is valid (with the @ list), else through the robot OpenAPI (group or one-to-one). Replies with
 * buttons (and incident cards when asked) become interactive cards built from the card template
 * and delivered to the conversation's open space, with STREAM callbacks; a card that cannot be
 * created falls back to markdown with the buttons as text commands. Failures are logged; nothing
 * here throws for a DingTalk refusal.
 */
export class DingTalkDelivery {
  constructor(private readonly deps: DeliveryDeps) {}

  /** Posts `reply` into conversation `conversationId`; `mention` is @-mentioned; `asCard` makes a card even without buttons. */
  async post(conversationId: string, reply: Reply, opts: { mention?: string; asCard?: boolean } = {}): Promise<PostedRef | undefined> {
    const conv = await this.deps.book.lookup(conversationId);
    if (this.deps.cardTemplateId && (opts.asCard || hasButtons(reply))) {
      try {
        return await this.postCard(conv, reply);
      } catch (err) {
        this.deps.logger.warn('dingtalk card not delivered; sending markdown instead', { conversation: conv.id, error: errorText(err) });
      }
    }
    return this.postMarkdown(conv, reply, opts.mention);
  }

  /** Posts `reply` as markdown to one person's chat with the robot. */
  async postToPerson(staffId: string, reply: Reply): Promise<PostedRef | undefined> {
    try {
      const key = await this.sendToPerson(staffId, renderMarkdown(reply, this.deps.t));
      return { platform: 'dingtalk', conversation: `person:${staffId}`, messageId: `msg-${key}` };
    } catch (err) {
      this.deps.logger.error('dingtalk direct message failed', { staffId, error: errorText(err) });
      return undefined;
    }
  }

  /** Posts markdown zhiban wrote itself (not a Reply: e.g. a review's summary) into conversation `conversationId`. */
  async postDocument(conversationId: string, md: Markdown): Promise<PostedRef | undefined> {
    const conv = await this.deps.book.lookup(conversationId);
    return this.sendMarkdown(conv, md, md, []);
  }

  private postMarkdown(conv: Conversation, reply: Reply, mention?: string): Promise<PostedRef | undefined> {
    const at = [...new Set([...(mention ? [mention] : []), ...(reply.mentions ?? []).flatMap((m) => (m.dingtalk ? [m.dingtalk] : []))])];
    return this.sendMarkdown(conv, renderMarkdown(reply, this.deps.t, at), renderMarkdown(reply, this.deps.t), at);
  }

  /** Through the session webhook while it is valid (`withAt`, @-mentioning `at`), else the robot OpenAPI (`plain`: it has no @ list). */
  private async sendMarkdown(conv: Conversation, withAt: Markdown, plain: Markdown, at: string[]): Promise<PostedRef | undefined> {
    const session = this.deps.book.session(conv.id);
    if (session) {
      try {
        await this.deps.api.postWebhook(session.url, { msgtype: 'markdown', markdown: withAt, at: { atUserIds: at, isAtAll: false } });
        return { platform: 'dingtalk', conversation: conv.id, messageId: 'msg-session' };
      } catch (err) {
        this.deps.logger.warn('dingtalk session webhook failed; using the robot OpenAPI', { conversation: conv.id, error: errorText(err) });
      }
    }
    const md = plain;
    try {
      const key = conv.kind === 'single' && conv.staffId ? await this.sendToPerson(conv.staffId, md) : await this.sendToGroup(conv.id, md);
      return { platform: 'dingtalk', conversation: conv.id, messageId: `msg-${key}` };
    } catch (err) {
      this.deps.logger.error('dingtalk reply failed', { conversation: conv.id, error: errorText(err) });
      return undefined;
    }
  }

  private async sendToGroup(openConversationId: string, md: Markdown): Promise<string> {
    const body = { robotCode: this.deps.robotCode, openConversationId, msgKey: 'sampleMarkdown', msgParam: JSON.stringify(md) };
    const res = await this.deps.api.call('POST', '/v1.0/robot/groupMessages/send', body);
    return str(res.processQueryKey);
  }

  private async sendToPerson(staffId: string, md: Markdown): Promise<string> {
    const body = { robotCode: this.deps.robotCode, userIds: [staffId], msgKey: 'sampleMarkdown', msgParam: JSON.stringify(md) };
    const res = await this.deps.api.call('POST', '/v1.0/robot/oToMessages/batchSend', body);
    const invalid = res.invalidStaffIdList;
    if (Array.isArray(invalid) && invalid.length > 0) throw new Error(`DingTalk does not know staff id ${staffId} (invalidStaffIdList)`);
    return str(res.processQueryKey);
  }

  /** Creates a card for `reply` and delivers it to the conversation; the card record is written first, so an immediate click finds it. */
  private async postCard(conv: Conversation, reply: Reply): Promise<PostedRef> {
    const { robotCode, cardTemplateId, api, store, t } = this.deps;
    const outTrackId = `${CARD_PREFIX}${randomBytes(12).toString('hex')}`;
    const data = cardData(reply, t);
    await store.putRecord<CardRecord>(CARD_RECORD, outTrackId, { conversation: conv.id, buttons: data.buttons, params: data.params }, 0);
    const space =
      conv.kind === 'single' && conv.staffId
        ? { openSpaceId: `dtv1.card//IM_ROBOT.${conv.staffId}`, imRobotOpenSpaceModel: { supportForward: false }, imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode } }
        : { openSpaceId: `dtv1.card//IM_GROUP.${conv.id}`, imGroupOpenSpaceModel: { supportForward: true }, imGroupOpenDeliverModel: { robotCode } };
    const res = await api.call('POST', '/v1.0/card/instances/createAndDeliver', { cardTemplateId, outTrackId, callbackType: 'STREAM', cardData: { cardParamMap: data.params }, userIdType: 1, ...space });
    const results = (res.result as { deliverResults?: Array<{ success?: boolean; errorMsg?: string }> } | undefined)?.deliverResults ?? [];
    const failed = results.find((r) => r.success === false);
    if (failed) throw new Error(`card not delivered: ${failed.errorMsg ?? 'no reason given'}`);
    return { platform: 'dingtalk', conversation: conv.id, messageId: outTrackId };
  }

  /**
   * Replaces the content of card `outTrackId` with `reply` (plus `note`), and what its buttons
   * run. Resolves to the record as it was before, or undefined when zhiban has no such card.
   * Rejects when DingTalk refuses the update.
   */
  async updateCard(outTrackId: string, reply: Reply, note?: string): Promise<CardRecord | undefined> {
    const data = cardData(reply, this.deps.t, note);
    return this.replaceCard(outTrackId, { buttons: data.buttons, params: data.params });
  }

  /**
   * Shows on card `outTrackId` that a click is being worked on: its buttons hidden (so nobody
   * clicks twice) and `note` under its content. Resolves to the record as it was before, or
   * undefined when zhiban has no such card. Rejects when DingTalk refuses the update.
   */
  async markWorking(outTrackId: string, note: string): Promise<CardRecord | undefined> {
    const rec = await this.deps.store.getRecord<CardRecord>(CARD_RECORD, outTrackId);
    if (!rec) return undefined;
    const params: Record<string, string> = { ...rec.value.params, content: `${rec.value.params.content ?? ''}\n\n${escapeMarkdown(note)}` };
    for (const slot of CARD_BUTTON_SLOTS) params[`${slot}Visible`] = 'false';
    return this.replaceCard(outTrackId, { buttons: [], params });
  }

  /** Puts a card back as it was (`previous` from `updateCard` or `markWorking`). */
  async restoreCard(outTrackId: string, previous: CardRecord): Promise<void> {
    await this.replaceCard(outTrackId, previous);
  }

  private async replaceCard(outTrackId: string, next: Pick<CardRecord, 'buttons' | 'params'>): Promise<CardRecord | undefined> {
    const { store, api } = this.deps;
    for (;;) {
      const rec = await store.getRecord<CardRecord>(CARD_RECORD, outTrackId);
      if (!rec) return undefined;
      if ((await store.putRecord<CardRecord>(CARD_RECORD, outTrackId, { ...rec.value, ...next }, rec.version)) === undefined) continue;
      await api.call('PUT', '/v1.0/card/instances', { outTrackId, cardData: { cardParamMap: next.params }, cardUpdateOptions: { updateCardDataByKey: true } });
      return rec.value;
    }
  }
}
