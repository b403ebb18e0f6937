import { setTimeout as delay } from 'node:timers/promises';
import { App as BoltApp, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { translator } from '../../core/i18n/index.js';
import type { Reply } from '../../core/reply.js';
import type { AdapterContext, AdapterFactory, AdapterHealth, AdapterState, ChatAdapter, ChatTarget, PostedRef } from '../../runtime/chat-adapter.js';
import { slackAuthTest } from './auth-check.js';
import { BoltLoggerBridge } from './bolt-logger.js';
import { Delivery } from './deliver.js';
import { EVENTS_PATH, SlackHttpReceiver } from './http-receiver.js';
import { Inflight } from '../../runtime/inflight.js';
import { ChatPins } from '../../review/chat-pin.js';
import { registerListeners } from './listeners.js';
import { registerPinReaction } from './pin-reaction.js';
import { slackReviewPublisher } from './review-upload.js';
import { slackSettingsFromEnv, slackStartError, type SlackSettings } from './settings.js';
import { createWebClient, slackErrorCode, webClientOptions, type WebClient } from './web.js';

/** Bot scopes the adapter calls need (manifest.yml grants them; a token without them is reported at start-up). */
export { REQUIRED_BOT_SCOPES } from './auth-check.js';

/** The adapter factory of the runtime's platform table: a Slack adapter when SLACK_BOT_TOKEN is set. */
export const slackFromEnv: AdapterFactory = async (env, ctx) => {
  const settings = slackSettingsFromEnv(env);
  return settings ? new SlackAdapter(settings, ctx) : undefined;
};

/**
 * Slack behind the ChatAdapter interface. `start` registers the tokens as secrets, checks the bot
 * token with auth.test (AdapterStartError if Slack refuses it or cannot be reached), then serves
 * Socket Mode (with an app token) or HTTP mode on `settings.port` at POST /slack/events. It knows
 * nothing of incidents: cards are posted and edited by the runtime through `deliver` / `update`.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;
  /** Socket Mode with an app token, else HTTP mode. */
  readonly mode: 'socket' | 'http';
  /** HTTP mode: the port requests are served on (after start). */
  port: number | undefined;
  /** HTTP mode: `PORT`, where zhiban's one HTTP server listens unless `http.port` or ZHIBAN_HTTP_PORT say otherwise. */
  readonly httpPort: number | undefined;
  botUserId = '';
  team = '';
  /** Required scopes the bot token was not granted (empty when Slack did not say). */
  missingScopes: string[] = [];
  private readonly inflight = new Inflight();
  private readonly web: WebClient;
  private readonly delivery: Delivery;
  private bolt: BoltApp | undefined;
  private state: AdapterState = 'stopped';
  private since: number;

  constructor(
    private readonly settings: SlackSettings,
    private readonly ctx: AdapterContext,
  ) {
    ctx.addSecrets(settings.botToken, settings.signingSecret, settings.appToken);
    this.mode = settings.appToken ? 'socket' : 'http';
    this.httpPort = this.mode === 'http' ? settings.port : undefined;
    this.since = ctx.clock.now();
    this.web = createWebClient(settings.botToken, webClientOptions(this.boltLogger(), settings.apiUrl));
    this.delivery = new Delivery({ web: this.web, logger: ctx.logger, t: translator(ctx.locale), clock: ctx.clock });
  }

  async start(): Promise<void> {
    this.setState('starting');
    try {
      await this.connect();
      this.setState('connected');
    } catch (err) {
      this.setState('failed');
      throw err;
    }
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (this.state === 'stopped') return;
    this.setState('stopped');
    await this.bolt?.stop();
    const done = await Promise.race([this.inflight.idle().then(() => true), delay(graceMs, false, { ref: false })]);
    if (!done) this.ctx.logger.warn('slack adapter stopped with work still running', { graceMs });
  }

  deliver(to: ChatTarget, reply: Reply): Promise<PostedRef | undefined> {
    return this.inflight.track(this.delivery.post(to, reply));
  }

  update(ref: PostedRef, reply: Reply): Promise<void | 'gone'> {
    return this.inflight.track(this.delivery.update(ref, reply));
  }

  remove(ref: PostedRef): Promise<void> {
    return this.inflight.track(this.delivery.remove(ref));
  }

  health(): AdapterHealth {
    const how = this.mode === 'socket' ? 'Socket Mode' : `HTTP mode on port ${this.ctx.http?.port() ?? this.port}, POST ${EVENTS_PATH}`;
    const scopes = this.missingScopes.length > 0 ? `; the bot token lacks the scopes ${this.missingScopes.join(', ')}: add them (manifest.yml lists them) and reinstall the app` : '';
    const detail = this.state === 'connected' ? `Slack connected to ${this.team || 'the workspace'} as <@${this.botUserId}> (${how})${scopes}` : undefined;
    return { platform: 'slack', state: this.state, since: this.since, ...(detail ? { detail } : {}) };
  }

  /** Resolves when every request and message started so far has finished. */
  idle(): Promise<void> {
    return this.inflight.idle();
  }

  private setState(state: AdapterState): void {
    this.state = state;
    this.since = this.ctx.clock.now();
  }

  /** Socket Mode: a lost connection shows as `reconnecting` (not ready) until Slack says hello again. */
  private watchSocket(receiver: SocketModeReceiver): void {
    receiver.client.on('reconnecting', () => {
      if (this.state !== 'connected') return;
      this.setState('reconnecting');
      this.ctx.observe?.reconnect();
      this.ctx.logger.warn('slack socket mode connection lost; reconnecting');
    });
    receiver.client.on('connected', () => {
      if (this.state !== 'reconnecting') return;
      this.setState('connected');
      this.ctx.logger.info('slack socket mode connection re-established');
    });
  }

  private boltLogger(): BoltLoggerBridge {
    return new BoltLoggerBridge(this.ctx.logger, this.ctx.debug ? LogLevel.DEBUG : LogLevel.INFO);
  }

  private async connect(): Promise<void> {
    const { settings, ctx } = this;
    const logger = ctx.logger;
    const boltLogger = this.boltLogger();
    const options = webClientOptions(boltLogger, settings.apiUrl);
    const where = settings.apiUrl ? ` at ${settings.apiUrl} (SLACK_API_URL)` : '';
    const auth = await slackAuthTest(settings, options);
    this.botUserId = auth.userId;
    this.team = auth.team;
    this.missingScopes = auth.missingScopes;
    if (this.missingScopes.length > 0) logger.warn('slack bot token lacks scopes', { missing: this.missingScopes });
    const receiver = settings.appToken
      ? new SocketModeReceiver({ appToken: settings.appToken, logger: boltLogger, installerOptions: { clientOptions: { ...options } } })
      : new SlackHttpReceiver({
          signingSecret: settings.signingSecret ?? '',
          port: settings.port,
          ...(settings.host ? { host: settings.host } : {}),
          ...(ctx.http ? { mount: ctx.http } : {}),
          onAck: (ms) => ctx.observe?.ack(ms),
          logger,
          inflight: this.inflight,
        });
    if (receiver instanceof SocketModeReceiver) this.watchSocket(receiver);
    const bolt = new BoltApp({ token: settings.botToken, ...(auth.botId ? { botId: auth.botId } : {}), botUserId: this.botUserId, receiver, logger: boltLogger, clientOptions: { ...options } });
    const t = translator(ctx.locale);
    registerListeners(bolt, { dispatch: (inv) => ctx.dispatch(inv), afterAck: (work) => ctx.afterAck(work), directory: ctx.directory, commands: ctx, store: ctx.store, delivery: this.delivery, logger, clock: ctx.clock, inflight: this.inflight, t });
    registerPinReaction(bolt, { pins: new ChatPins({ directory: ctx.directory, incidents: ctx.incidents, reviews: ctx.review.service }), web: this.web, logger, emoji: ctx.review.pinEmoji });
    ctx.review.service.addPublisher(slackReviewPublisher(this.web, logger));
    try {
      const started: unknown = await bolt.start();
      if (receiver instanceof SlackHttpReceiver) this.port = started as number;
    } catch (err) {
      const e = err as Error & { code?: string };
      if (settings.appToken) throw slackStartError(`Socket Mode could not connect (${slackErrorCode(err)})${where}. Check SLACK_APP_TOKEN (xapp-…, scope connections:write) and that Socket Mode is enabled for the app.`);
      throw slackStartError(`HTTP mode could not listen on port ${settings.port} (${e.code ?? e.message}). Set PORT to a free port.`);
    }
    this.bolt = bolt;
    logger.info('slack adapter started', { mode: this.mode, port: this.port, team: auth.team, bot: this.botUserId, path: settings.appToken ? undefined : EVENTS_PATH });
  }
}
