import type { Platform } from '../core/invocation.js';
import type { Reply } from '../core/reply.js';

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
  /** Replaces a message this adapter posted earlier with `reply` (cards updated in place). */
  update(ref: PostedRef, reply: Reply): Promise<void>;
  /** The current connection state. */
  health(): AdapterHealth;
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
