import type { Clock } from '../core/clock.js';
import type { Locale } from '../core/i18n/index.js';
import type { Invocation, Platform } from '../core/invocation.js';
import type { Logger } from '../core/logger.js';
import type { Reply } from '../core/reply.js';
import type { Services } from '../core/services.js';
import type { Directory } from '../core/users.js';
import type { Store } from '../store/port.js';
import type { HttpMount } from './http-server.js';

/**
 * Where a message goes on a chat platform: a conversation (channel, group; optionally a thread in
 * it) or one person's direct messages, named by the platform's own id (Slack user id, DingTalk
 * staff id) — a contact may be reachable without being a zhiban user.
 */
export type ChatTarget =
  | { kind: 'conversation'; id: string; thread?: string }
  | { kind: 'person'; platformId: string };

/**
 * A message an adapter posted and can edit later. JSON-serialisable, so it can be kept in the
 * store (a restart or another replica keeps editing the same message). `messageId` is opaque to
 * everything but the adapter that made it (Slack `ts`, DingTalk card `outTrackId`).
 */
export interface PostedRef {
  platform: Platform;
  conversation: string;
  messageId: string;
}

/** Connection state of one adapter, as `/readyz` and the logs report it. */
export type AdapterState = 'starting' | 'connected' | 'reconnecting' | 'stopped' | 'failed';

/** What an adapter says about itself; `detail` is operator-facing and carries no secret. */
export interface AdapterHealth {
  platform: Platform;
  state: AdapterState;
  /** Epoch ms of the last state change. */
  since: number;
  detail?: string;
}

/**
 * One chat platform behind a small interface, so the runtime starts every configured platform in
 * one process on one store without knowing any SDK. Adapters own transport concerns only (acks,
 * signatures, reconnects, retries, rate limits); `deliver` and `update` never throw for a
 * platform refusal — they log it and resolve (`deliver` to `undefined` when nothing was posted).
 */
export interface ChatAdapter {
  readonly platform: Platform;
  /** Connects and starts receiving; rejects with AdapterStartError when it cannot work as configured. */
  start(): Promise<void>;
  /** Stops receiving, then waits up to `graceMs` for work in progress. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** Renders `reply` in the platform's format and posts it to `to`. */
  deliver(to: ChatTarget, reply: Reply): Promise<PostedRef | undefined>;
  /**
   * Replaces a message this adapter posted earlier with `reply` (cards updated in place).
   * Resolves to `'gone'` when the platform says the message no longer exists (someone deleted
   * it), so the caller may post a new one; otherwise to nothing.
   */
  update(ref: PostedRef, reply: Reply): Promise<void | 'gone'>;
  /** Deletes a message this adapter posted (a duplicate card that lost a race); optional, failures only logged. */
  remove?(ref: PostedRef): Promise<void>;
  /** The current connection state. */
  health(): AdapterHealth;
  /**
   * The port this platform expects requests on when zhiban's HTTP server has no port configured
   * (Slack HTTP mode: `PORT`); undefined for platforms that do not receive over HTTP.
   */
  readonly httpPort?: number;
}

/** An adapter could not start as configured; the message says what failed and which setting to check. */
export class AdapterStartError extends Error {
  constructor(
    readonly platform: Platform,
    message: string,
  ) {
    super(message);
    this.name = 'AdapterStartError';
  }
}

/** Runs one invocation through core as the person behind it and returns what to show them. */
export type DispatchFn = (inv: Invocation) => Promise<Reply>;

/**
 * What the runtime hands an adapter: narrow ports, never the whole app or an SDK object. The
 * logger is already tagged with the platform; `dispatch` never throws and runs under the
 * runtime's bound on concurrent commands.
 */
export interface AdapterContext {
  /** Runs one invocation through core as the person behind it and returns what to show them. */
  dispatch(inv: Invocation): Promise<Reply>;
  /**
   * Runs what follows an acknowledgement (claiming the delivery, the command, the answer) under
   * the runtime's bound on such work, in arrival order: under a burst, the acks of later requests
   * do not wait behind the work of every earlier one. A delivery still running after a second gives
   * up its turn (and goes on), so slow commands never hold up quick ones. `work` gets the dispatch
   * to run its command with: one that still runs it when shutdown began after the acknowledgement.
   */
  afterAck(work: (dispatch: DispatchFn) => Promise<void>): Promise<void>;
  /** Maps platform ids to zhiban users (mentions in command text). */
  directory: Directory;
  /** Names of zhiban's top-level commands (what a button or slash command may run). */
  slashCommands(): string[];
  /** Where delivered events are claimed, so a retry runs once across replicas and restarts. */
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The language of this platform's replies. */
  locale: Locale;
  /** True when the operator asked for debug logs (SDK wire logging). */
  debug: boolean;
  /** Registers secret values (tokens) so they never reach a log line or a reply. */
  addSecrets(...values: Array<string | undefined>): void;
  /** Incidents (to find the one a conversation belongs to). */
  incidents: Services['incidents'];
  /** The post-incident review: platforms pin messages to it and publish its drafts; `pinEmoji` is `review.pinEmoji`. */
  review: { service: Services['reviews']; pinEmoji: string };
  /** Where the adapter reports transport facts for metrics (optional: tests may leave it out). */
  observe?: AdapterObserver;
  /**
   * zhiban's HTTP server: a platform that receives over HTTP mounts its path there instead of
   * listening on a port of its own (one server for everything). Absent: it listens itself.
   */
  http?: HttpMount;
}

/** Transport facts an adapter reports (the runtime counts them as metrics). */
export interface AdapterObserver {
  /** A request from the platform was acknowledged `ms` after it arrived. */
  ack(ms: number): void;
  /** The connection to the platform was lost and is being re-established. */
  reconnect(): void;
}

/**
 * Builds a platform's adapter from the environment: `undefined` when the platform is not
 * configured there (its variables are unset); rejects with AdapterStartError when what is set
 * cannot work. Must not connect anywhere: `start` does that.
 */
export type AdapterFactory = (env: NodeJS.ProcessEnv, ctx: AdapterContext) => Promise<ChatAdapter | undefined>;
