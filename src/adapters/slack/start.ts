import { setTimeout as delay } from 'node:timers/promises';
import { App as BoltApp, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Clock } from '../../core/clock.js';
import { translator } from '../../core/i18n/index.js';
import type { Reply } from '../../core/reply.js';
import type { App } from '../../runtime/app.js';
import { SystemClock } from '../../runtime/system-clock.js';
import { BoltLoggerBridge } from './bolt-logger.js';
import { CardSync } from './card-sync.js';
import { Delivery } from './deliver.js';
import { EVENTS_PATH, SlackHttpReceiver } from './http-receiver.js';
import { Inflight } from './inflight.js';
import { registerListeners } from './listeners.js';
import { ChatPins } from '../../review/chat-pin.js';
import { registerPinReaction } from './pin-reaction.js';
import { slackReviewPublisher } from './review-upload.js';
import { createWebClient, slackErrorCode, webClientOptions } from './web.js';

/** Bot scopes the adapter calls need (manifest.yml grants them; a token without them is reported at start-up). */
export const REQUIRED_BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'app_mentions:read', 'files:write'] as const;

/** How zhiban connects to Slack; read from the environment by `slackSettingsFromEnv`. */
export interface SlackSettings {
  botToken: string;
  /** Required in HTTP mode. */
  signingSecret?: string;
  /** Socket Mode when set (no public URL needed). */
  appToken?: string;
  /** HTTP mode port (0: any free port). */
  port: number;
  host?: string;
  /** Web API base URL (GovSlack, proxies, tests). */
  apiUrl?: string;
}

/** Slack could not be started; the message says what failed and which variable to check. */
export class SlackStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackStartError';
  }
}

/**
 * Reads SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, PORT (default 3000) and
 * SLACK_API_URL. Undefined when SLACK_BOT_TOKEN is not set (Slack is not configured); throws
 * SlackStartError when what is set cannot work.
 */
export function slackSettingsFromEnv(env: NodeJS.ProcessEnv): SlackSettings | undefined {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!botToken) return undefined;
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  const port = Number(env.PORT?.trim() || '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SlackStartError(`PORT must be a port number (0-65535), got "${env.PORT}".`);
  if (!appToken && !signingSecret) {
    throw new SlackStartError('SLACK_SIGNING_SECRET is not set. HTTP mode needs it to verify requests (Basic Information → Signing Secret); or set SLACK_APP_TOKEN to use Socket Mode.');
  }
  if (appToken && !appToken.startsWith('xapp-')) throw new SlackStartError('SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write).');
  const apiUrl = env.SLACK_API_URL?.trim() || undefined;
  return { botToken, port, ...(appToken ? { appToken } : {}), ...(signingSecret ? { signingSecret } : {}), ...(apiUrl ? { apiUrl } : {}) };
}

/** A running Slack adapter. */
export interface SlackAdapter {
  mode: 'socket' | 'http';
  /** HTTP mode: the port requests are served on. */
  port?: number;
  botUserId: string;
  team: string;
  /** Required scopes the bot token was not granted (empty when Slack did not say). */
  missingScopes: string[];
  /** Resolves when every request and card update started so far has finished. */
  idle(): Promise<void>;
  /** Stops receiving, then waits up to `graceMs` (default 10 s) for work in progress. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the Slack adapter for `app`: registers the tokens with the redactor, checks the bot
 * token with auth.test (SlackStartError if Slack refuses it or cannot be reached), then serves
 * Socket Mode (with an app token) or HTTP mode on `settings.port` at POST /slack/events, and
 * keeps the incident cards of Slack-declared incidents up to date (redacted like every reply).
 */
export async function startSlack(app: App, settings: SlackSettings, opts: { clock?: Clock } = {}): Promise<SlackAdapter> {
  app.redactor.add(settings.botToken, settings.signingSecret, settings.appToken);
  const clock = opts.clock ?? new SystemClock();
  const logger = app.logger.child({ adapter: 'slack' });
  const boltLogger = new BoltLoggerBridge(logger, app.config.log.level === 'debug' ? LogLevel.DEBUG : LogLevel.INFO);
  const options = webClientOptions(boltLogger, settings.apiUrl);
  const where = settings.apiUrl ? ` at ${settings.apiUrl} (SLACK_API_URL)` : '';
  let auth;
  try {
    auth = await createWebClient(settings.botToken, { ...options, retryConfig: { retries: 0 } }).auth.test();
  } catch (err) {
    const refused = typeof (err as { data?: { error?: unknown } }).data?.error === 'string';
    if (!refused) throw new SlackStartError(`could not reach Slack: auth.test failed (${slackErrorCode(err)})${where}. Check the network${settings.apiUrl ? ' and SLACK_API_URL' : ''}.`);
    throw new SlackStartError(`Slack refused the bot token: auth.test failed (${slackErrorCode(err)})${where}. Check SLACK_BOT_TOKEN: the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, after installing the app.`);
  }
  const botUserId = auth.user_id ?? '';
  const granted = auth.response_metadata?.scopes;
  const missingScopes = granted ? REQUIRED_BOT_SCOPES.filter((s) => !granted.includes(s)) : [];
  if (missingScopes.length > 0) logger.warn('slack bot token lacks scopes', { missing: missingScopes });
  const inflight = new Inflight();
  const locale = app.config.platforms.slack?.locale ?? app.config.locale;
  const t = translator(locale);
  const web = createWebClient(settings.botToken, options);
  const receiver = settings.appToken
    ? new SocketModeReceiver({ appToken: settings.appToken, logger: boltLogger, installerOptions: { clientOptions: { ...options } } })
    : new SlackHttpReceiver({ signingSecret: settings.signingSecret ?? '', port: settings.port, ...(settings.host ? { host: settings.host } : {}), logger, inflight });
  const bolt = new BoltApp({ token: settings.botToken, botId: auth.bot_id, botUserId, receiver, logger: boltLogger, clientOptions: { ...options } });
  const { services } = app;
  const delivery = new Delivery({ web, logger, t });
  registerListeners(bolt, { dispatcher: app.dispatcher, directory: services.directory, registry: services.catalogue, store: app.store, delivery, logger, clock, inflight, t });
  registerPinReaction(bolt, { pins: new ChatPins(services), web, logger, emoji: app.config.review.pinEmoji });
  services.reviews.addPublisher(slackReviewPublisher(web, logger));
  const redact = (card: Reply): Reply => app.redactor.redactDeep(card);
  const cards = new CardSync({ web, store: app.store, clock, logger, inflight, t, locale, timeZone: services.timeZone, redact });
  services.incidents.subscribe((inc) => cards.onChange(inc));
  let port: number | undefined;
  try {
    const started: unknown = await bolt.start();
    if (receiver instanceof SlackHttpReceiver) port = started as number;
  } catch (err) {
    cards.stop();
    const e = err as Error & { code?: string };
    if (settings.appToken) throw new SlackStartError(`Socket Mode could not connect (${slackErrorCode(err)})${where}. Check SLACK_APP_TOKEN (xapp-…, scope connections:write) and that Socket Mode is enabled for the app.`);
    throw new SlackStartError(`HTTP mode could not listen on port ${settings.port} (${e.code ?? e.message}). Set PORT to a free port.`);
  }
  logger.info('slack adapter started', { mode: settings.appToken ? 'socket' : 'http', port, team: auth.team, bot: botUserId, path: settings.appToken ? undefined : EVENTS_PATH });
  return {
    mode: settings.appToken ? 'socket' : 'http',
    ...(port !== undefined ? { port } : {}),
    botUserId,
    team: auth.team ?? '',
    missingScopes,
    idle: () => inflight.idle(),
    async stop(graceMs = 10_000) {
      cards.stop();
      await bolt.stop();
      const done = await Promise.race([inflight.idle().then(() => true), delay(graceMs, false, { ref: false })]);
      if (!done) logger.warn('slack adapter stopped with work still running', { graceMs });
    },
  };
}
