import { setTimeout as delay } from 'node:timers/promises';
import { translate } from '../core/i18n/index.js';
import type { Invocation, Platform } from '../core/invocation.js';
import { failure } from '../core/reply.js';
import type { Reply } from '../core/reply.js';
import { platformLocale, type App } from './app.js';
import { CardKeeper } from './cards.js';
import type { AdapterContext, AdapterHealth, ChatAdapter } from './chat-adapter.js';
import type { HttpMount } from './http-server.js';
import { Inflight } from './inflight.js';
import { Limiter } from './limiter.js';
import { PLATFORMS } from './platforms.js';

/** Tuning of a runtime; every value has a production default. */
export interface RuntimeOptions {
  /** How often cards are compared with the store (changes made by other processes). */
  cardRefreshMs?: number;
  /** Commands run at once across every platform; more wait their turn (acks never do). */
  maxConcurrentCommands?: number;
  /** Deliveries handled at once after their ack (claim, command, answer); more wait their turn, acks never do. */
  maxAfterAck?: number;
  /** zhiban's HTTP server, for platforms that receive over HTTP (Slack HTTP mode); without it they listen on their own. */
  http?: HttpMount;
}

/** Default of RuntimeOptions.cardRefreshMs. */
export const CARD_REFRESH_MS = 15_000;
/** Default of RuntimeOptions.maxConcurrentCommands. */
export const MAX_CONCURRENT_COMMANDS = 16;
/**
 * Default of RuntimeOptions.maxAfterAck. Small on purpose: an ack waits for whatever the one event
 * loop is doing, so under a burst each delivery in progress delays the acks of the next requests;
 * four keep the disk and the network busy while the rest wait in arrival order.
 */
export const MAX_AFTER_ACK = 4;
/**
 * How long one delivery may hold an after-ack slot: past it, it runs on outside the bound, so a
 * slow command (a check waiting on its timeout, a remediation running) does not hold up the quick
 * ones behind it. A burst's commands take milliseconds each.
 */
export const AFTER_ACK_HOLD_MS = 1_000;

/**
 * One process serving every configured chat platform on one app (one store, one dispatcher).
 * It builds adapters from the platform table, hands each narrow ports (never the app), starts
 * and stops them together, and keeps incident cards in step with the store on each platform.
 * Other features reach a running platform through `adapter(platform)`.
 */
export class Runtime {
  /** The app's map of running adapters: paging notifiers reach people through it. */
  private readonly running: Map<Platform, ChatAdapter>;
  private readonly limiter: Limiter;
  private readonly afterAckLimiter: Limiter;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Commands dispatched and not yet answered. */
  private readonly commands = new Inflight();
  private draining = false;
  /** Set once the adapters are being stopped: queued deliveries still waiting for their turn are dropped (logged). */
  private stopped = false;
  /** Keeps one card per incident up to date on the platform it was declared on. */
  readonly cards: CardKeeper;

  constructor(
    private readonly app: App,
    private readonly opts: RuntimeOptions = {},
  ) {
    this.running = app.adapters;
    this.limiter = new Limiter(opts.maxConcurrentCommands ?? MAX_CONCURRENT_COMMANDS);
    this.afterAckLimiter = new Limiter(opts.maxAfterAck ?? MAX_AFTER_ACK, AFTER_ACK_HOLD_MS);
    const { config, services } = app;
    this.cards = new CardKeeper({
      store: app.store,
      clock: app.clock,
      logger: app.logger,
      timeZone: services.timeZone,
      adapterFor: (p) => this.running.get(p as Platform),
      localeFor: (p) => platformLocale(config, p),
      redact: (card: Reply) => app.redactor.redactDeep(card),
      incidents: () => services.incidents.list(),
    });
    services.incidents.subscribe((inc) => this.cards.onChange(inc));
  }

  /** The narrow ports an adapter of `platform` works with. */
  context(platform: Platform): AdapterContext {
    const { app } = this;
    const locale = platformLocale(app.config, platform);
    /** Runs `inv` under the bound on commands; refused once draining unless it was acknowledged before. */
    const dispatch = (inv: Invocation, acceptedBeforeDrain: boolean): Promise<Reply> =>
      this.draining && !acceptedBeforeDrain
        ? Promise.resolve(failure([{ type: 'text', text: translate(locale, 'service.draining') }]))
        : this.commands.track(this.limiter.run(() => app.dispatcher.dispatch(inv)));
    return {
      dispatch: (inv) => dispatch(inv, false),
      afterAck: (work) => {
        // acknowledged before shutdown began: its command still runs during the grace period (drain waits for it)
        const accepted = !this.draining;
        return this.commands.track(
          this.afterAckLimiter.run(async () => {
            if (this.stopped) {
              app.logger.warn('delivery acknowledged but not run: zhiban stopped before its turn came', { adapter: platform });
              return;
            }
            await work((inv) => dispatch(inv, accepted));
          }),
        );
      },
      directory: app.services.directory,
      slashCommands: () => app.services.catalogue.slashCommands(),
      store: app.store,
      clock: app.clock,
      logger: app.logger.child({ adapter: platform }),
      locale,
      debug: app.config.log.level === 'debug',
      addSecrets: (...values) => void app.redactor.add(...values),
      incidents: app.services.incidents,
      review: { service: app.services.reviews, pinEmoji: app.config.review.pinEmoji },
      observe: { ack: (ms) => app.metrics.ack(platform, ms), reconnect: () => app.metrics.reconnect(platform) },
      ...(this.opts.http ? { http: this.opts.http } : {}),
    };
  }

  /** Builds the adapter of every platform whose environment is set (none started yet); rejects with AdapterStartError on a bad setting. */
  async fromEnv(env: NodeJS.ProcessEnv): Promise<ChatAdapter[]> {
    const built: ChatAdapter[] = [];
    for (const [platform, load] of Object.entries(PLATFORMS) as Array<[Platform, NonNullable<(typeof PLATFORMS)[Platform]>]>) {
      const adapter = await (await load())(env, this.context(platform));
      if (adapter) built.push(adapter);
    }
    return built;
  }

  /** Starts `adapters` (one per platform); if one cannot start, the ones started are stopped and the error is rethrown. */
  async start(adapters: ChatAdapter[]): Promise<void> {
    for (const adapter of adapters) {
      try {
        await adapter.start();
      } catch (err) {
        await this.stop();
        throw err;
      }
      this.running.set(adapter.platform, adapter);
    }
    this.refreshTimer = setInterval(() => void this.cards.refresh(), this.opts.cardRefreshMs ?? CARD_REFRESH_MS);
    this.refreshTimer.unref();
  }

  /** The running adapter of `platform`, for features that post on their own (paging, alert intake). */
  adapter(platform: Platform): ChatAdapter | undefined {
    return this.running.get(platform);
  }

  /** Every running adapter, in start order. */
  adapters(): ChatAdapter[] {
    return [...this.running.values()];
  }

  /** What each running adapter says about its connection. */
  health(): AdapterHealth[] {
    return this.adapters().map((a) => a.health());
  }

  /** True once `drain` was called: new commands are answered "restarting, try again". */
  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Shutdown, first step: new commands are refused with a "try again" reply from now on, and
   * the commands already running or acknowledged and waiting for their turn get up to `graceMs`
   * to finish. Resolves true when they all did.
   */
  async drain(graceMs: number): Promise<boolean> {
    this.draining = true;
    return Promise.race([this.commands.idle().then(() => true), delay(graceMs, false, { ref: false })]);
  }

  /** Stops card upkeep, then every adapter (each waits up to `graceMs` for its work). Idempotent. */
  async stop(graceMs?: number): Promise<void> {
    this.stopped = true;
    clearInterval(this.refreshTimer);
    this.cards.stop();
    await this.cards.idle();
    const adapters = this.adapters();
    this.running.clear();
    await Promise.all(adapters.map((a) => a.stop(graceMs)));
  }
}
