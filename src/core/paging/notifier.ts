import type { Locale } from '../i18n/index.js';
import type { Severity } from '../incidents/severity.js';
import type { PageChannel } from './config.js';
import type { PageTarget } from './model.js';

/** One page for one person on one channel, in the person's locale. JSON (it waits in the store's outbox). */
export interface PageMessage {
  /** Unique per page and channel; a retried delivery keeps it. */
  id: string;
  /** The page this message belongs to (timeline `paging.paged`), absent for `/paging test`. */
  page?: string;
  kind: 'page' | 'test';
  severity: Severity;
  incidentId?: string;
  title?: string;
  level?: number;
  reason?: string;
  person: PageTarget;
  locale: Locale;
  /** A signed single-use link that acknowledges this page (only when `publicUrl` is set). */
  ackUrl?: string;
}

/**
 * How a send ended. `retry` false means trying again cannot help (bad signature, bad address).
 * `blockedMs` says the channel refuses everything for that long (DingTalk 130101): the messages
 * wait, nothing is lost.
 */
export type SendResult = { ok: true } | { ok: false; error: string; retry: boolean; blockedMs?: number };

/**
 * One delivery channel (Slack DM, DingTalk robot, webhook gateway …). `send` delivers every
 * message it is given — several only when `batch` > 1, coalesced into one post — within its own
 * timeout, and never throws.
 */
export interface Notifier {
  readonly channel: PageChannel;
  /** At most this many sends per minute (the channel's rate budget); unlimited when absent. */
  readonly perMinute?: number;
  /** How many messages one send may carry (1: no coalescing). */
  readonly batch: number;
  /** How the person is reached on this channel (`@13800138000`), or undefined when they cannot be. */
  address(person: PageTarget): string | undefined;
  send(messages: PageMessage[]): Promise<SendResult>;
}
