import { setTimeout as delay } from 'node:timers/promises';
import { TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import { dingtalkReviewPublisher } from './review-post.js';
import { translator } from '../../core/i18n/index.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import type { AdapterContext, AdapterFactory, AdapterHealth, ChatAdapter, ChatTarget, PostedRef } from '../../runtime/chat-adapter.js';
import { StreamConnection, type ConnectionTiming } from './connection.js';
import { ConversationBook } from './conversations.js';
import { CARD_PREFIX, DingTalkDelivery } from './delivery.js';
import { cardCallbackHandler, guarded, robotMessageHandler, type HandlerDeps } from './handlers.js';
import { DingTalkApi } from './openapi.js';
import { dingtalkSettingsFromEnv, type DingTalkSettings } from './settings.js';
import { ZhibanStreamClient } from './stream-client.js';

/** Test and tuning knobs; production uses the defaults. */
export interface DingTalkOptions {
  timing?: ConnectionTiming;
  /** OpenAPI retries and their first delay. */
  apiRetries?: number;
  retryBaseMs?: number;
}

/**
 * zhiban on DingTalk: a Stream-mode connection (no public URL) receiving robot messages and card
 * clicks, answering through session webhooks, the robot OpenAPI and interactive cards. Secrets
 * (client secret, access tokens) are registered with the runtime before anything runs.
 */
export class DingTalkAdapter implements ChatAdapter {
  readonly platform = 'dingtalk' as const;
  private readonly running = new Set<Promise<unknown>>();
  private readonly logger: Logger;
  private readonly client: ZhibanStreamClient;
  private readonly connection: StreamConnection;
  private readonly delivery: DingTalkDelivery;

  constructor(ctx: AdapterContext, settings: DingTalkSettings, opts: DingTalkOptions = {}) {
    ctx.addSecrets(settings.clientSecret);
    const { clock, store } = ctx;
    this.logger = ctx.logger;
    const t = translator(ctx.locale);
    const api = new DingTalkApi({
      apiBase: settings.apiBase,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      clock,
      logger: this.logger,
      onToken: (token) => ctx.addSecrets(token),
      ...(opts.apiRetries !== undefined ? { retries: opts.apiRetries } : {}),
      ...(opts.retryBaseMs !== undefined ? { retryBaseMs: opts.retryBaseMs } : {}),
    });
    const book = new ConversationBook({ store, clock });
    this.delivery = new DingTalkDelivery({ api, book, store, logger: this.logger, t, robotCode: settings.robotCode, ...(settings.cardTemplateId ? { cardTemplateId: settings.cardTemplateId } : {}) });
    this.client = new ZhibanStreamClient(settings, settings.gatewayUrl, {
      opened: (socket) => this.connection.opened(socket),
      frameFailed: (err) => this.logger.error('dingtalk frame could not be handled', { error: (err as Error)?.message ?? String(err) }),
      disconnectAnnounced: () => this.connection.disconnectAnnounced(),
    });
    this.connection = new StreamConnection(this.client, { clock, logger: this.logger, onReconnect: () => ctx.observe?.reconnect(), ...(opts.timing ? { timing: opts.timing } : {}) });
    const deps: HandlerDeps = {
      ack: (messageId) => this.client.socketCallBackResponse(messageId, {}),
      dispatch: (inv) => ctx.dispatch(inv),
      afterAck: (work) => ctx.afterAck(work),
      directory: ctx.directory,
      slashCommands: () => ctx.slashCommands(),
      store,
      book,
      delivery: this.delivery,
      logger: this.logger,
      clock,
      t,
    };
    ctx.review.service.addPublisher(dingtalkReviewPublisher(this.delivery, this.logger));
    const track = (work: Promise<unknown>): void => void this.track(work);
    this.client.on(TOPIC_ROBOT, guarded('robot message', robotMessageHandler(deps), this.logger, track));
    this.client.on(TOPIC_CARD, guarded('card callback', cardCallbackHandler(deps), this.logger, track));
  }

  /** Opens the stream; resolves once connected or retrying (gateway down), rejects (AdapterStartError) when the credentials are refused. */
  async start(): Promise<void> {
    await this.connection.start();
    this.logger.info('dingtalk adapter started', { state: this.connection.health().state });
  }

  /** Closes the stream, then waits up to `graceMs` for messages and card updates in progress. */
  async stop(graceMs = 10_000): Promise<void> {
    this.connection.stop();
    const done = await Promise.race([this.idle().then(() => true), delay(graceMs, false, { ref: false })]);
    if (!done) this.logger.warn('dingtalk adapter stopped with work still running', { graceMs });
  }

  /** Posts `reply` to a conversation (a card when it has buttons or is an incident card) or to one person's chat with the robot. */
  deliver(to: ChatTarget, reply: Reply): Promise<PostedRef | undefined> {
    return this.track(to.kind === 'person' ? this.delivery.postToPerson(to.platformId, reply) : this.delivery.post(to.id, reply, { asCard: reply.incidentId !== undefined }));
  }

  /**
   * Edits a card in place ('gone' when zhiban has no record of it). A markdown message (no card
   * template) cannot be edited on DingTalk; posting every change anew would flood the group, so it stays as it is.
   */
  async update(ref: PostedRef, reply: Reply): Promise<void | 'gone'> {
    if (!ref.messageId.startsWith(CARD_PREFIX)) {
      this.logger.debug('dingtalk markdown messages cannot be edited; update skipped', { conversation: ref.conversation });
      return;
    }
    try {
      if (!(await this.track(this.delivery.updateCard(ref.messageId, reply)))) return 'gone';
    } catch (err) {
      this.logger.error('dingtalk card not updated', { outTrackId: ref.messageId, error: (err as Error)?.message });
    }
  }

  /** The stream connection's state. */
  health(): AdapterHealth {
    return this.connection.health();
  }

  /** Resolves when every message, click and card update started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const done = (): void => void this.running.delete(work);
    work.then(done, done);
    return work;
  }
}

/** The DingTalk adapter when DINGTALK_CLIENT_ID is set in `env`, else undefined; AdapterStartError when the settings cannot work. */
export const dingtalkFromEnv: AdapterFactory = async (env, ctx) => {
  const settings = dingtalkSettingsFromEnv(env);
  return settings ? new DingTalkAdapter(ctx, settings) : undefined;
};
