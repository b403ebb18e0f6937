import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { rank } from '../incidents/severity.js';
import type { Store } from '../../store/port.js';
import type { PageChannel } from './config.js';
import { PAGING_TIMER } from './model.js';
import type { Notifier, PageMessage } from './notifier.js';

/** Store record kind holding one outbox per channel. */
export const OUTBOX_KIND = 'paging-outbox';
const WINDOW_MS = 60_000;
/** A claimed send is given back when its sender has not settled it by then (it crashed). */
const INFLIGHT_MS = 120_000;

interface Item {
  msg: PageMessage;
  queuedAt: number;
  attempts: number;
  notBefore: number;
  inflightUntil?: number;
  deferred?: boolean;
}

interface Box {
  items: Item[];
  /** Times of recent sends (the rate budget's window). */
  sent: number[];
  blockedUntil?: number;
}

/** How a message ended, or that it waits behind a blocked channel. */
export type Settled =
  | { state: 'sent'; attempts: number; coalesced: number }
  | { state: 'failed'; attempts: number; error: string }
  | { state: 'deferred'; until: number; error: string };

/** Retry settings: `attempts` tries in all, the n-th retry after about `backoffMs * 2^(n-1)`, jittered. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/**
 * Durable per-channel outboxes. A page waits in the store until its channel accepted it, so a
 * restart, a slow gateway or a blocked robot never loses one. Sends respect the channel's rate
 * budget (shared by every replica through the store), go out most severe first, are coalesced
 * when the channel allows, and are retried with exponential backoff and jitter. A message is
 * claimed (compare-and-set) before it is sent, so two replicas never send the same one.
 */
export class Outboxes {
  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      logger: Logger;
      notifiers: ReadonlyMap<PageChannel, Notifier>;
      retry: RetryPolicy;
      random: () => number;
      onSettled: (msg: PageMessage, channel: PageChannel, outcome: Settled) => Promise<void>;
    },
  ) {}

  /** Queues `msg` on `channel` (once per message id) and arms the channel's flush timer. */
  async enqueue(channel: PageChannel, msg: PageMessage): Promise<void> {
    const now = this.deps.clock.now();
    await this.change(channel, (box) => {
      if (box.items.some((i) => i.msg.id === msg.id)) return undefined;
      return { ...box, items: [...box.items, { msg, queuedAt: now, attempts: 0, notBefore: now }] };
    });
    await this.arm(channel, now);
  }

  /**
   * Sends what is due on `channel` within its budget, then arms the flush timer for whatever
   * still waits. Resolves to how many messages were settled as sent.
   */
  async flush(channel: PageChannel): Promise<number> {
    const notifier = this.deps.notifiers.get(channel);
    if (!notifier) return 0;
    let sent = 0;
    for (;;) {
      const now = this.deps.clock.now();
      const taken = await this.take(channel, notifier, now);
      if (!taken) break;
      const result = await notifier.send(taken.map((i) => i.msg));
      sent += result.ok ? taken.length : 0;
      await this.settle(channel, taken, result);
    }
    const box = await this.read(channel);
    const waiting = box.items.filter((i) => !i.inflightUntil || i.inflightUntil <= this.deps.clock.now());
    if (waiting.length > 0) await this.arm(channel, this.nextFlush(box, notifier, waiting));
    return sent;
  }

  private nextFlush(box: Box, notifier: Notifier, waiting: Item[]): number {
    const now = this.deps.clock.now();
    let at = Math.min(...waiting.map((i) => i.notBefore));
    if (box.blockedUntil && box.blockedUntil > at) at = box.blockedUntil;
    const recent = box.sent.filter((t) => t > now - WINDOW_MS);
    if (notifier.perMinute && recent.length >= notifier.perMinute) at = Math.max(at, recent[0]! + WINDOW_MS);
    return Math.max(at, now);
  }

  /** Claims the next batch (most severe, oldest first) if the budget allows; undefined when nothing can go now. */
  private async take(channel: PageChannel, notifier: Notifier, now: number): Promise<Item[] | undefined> {
    let taken: Item[] | undefined;
    await this.change(channel, (box) => {
      taken = undefined;
      if (box.blockedUntil && box.blockedUntil > now) return undefined;
      const recent = box.sent.filter((t) => t > now - WINDOW_MS);
      if (notifier.perMinute && recent.length >= notifier.perMinute) return undefined;
      const due = box.items
        .filter((i) => i.notBefore <= now && (!i.inflightUntil || i.inflightUntil <= now))
        .sort((a, b) => rank(a.msg.severity) - rank(b.msg.severity) || a.queuedAt - b.queuedAt)
        .slice(0, Math.max(1, notifier.batch));
      if (due.length === 0) return undefined;
      const claimed = new Map(due.map((i) => [i.msg.id, { ...i, attempts: i.attempts + 1, inflightUntil: now + INFLIGHT_MS }]));
      const items = box.items.map((i) => claimed.get(i.msg.id) ?? i);
      taken = [...claimed.values()];
      const { blockedUntil: _unblocked, ...rest } = box;
      return { ...rest, items, sent: [...recent, now] };
    });
    return taken;
  }

  private async settle(channel: PageChannel, taken: Item[], result: Awaited<ReturnType<Notifier['send']>>): Promise<void> {
    const now = this.deps.clock.now();
    const ids = new Set(taken.map((i) => i.msg.id));
    const outcomes = new Map<string, Settled>();
    await this.change(channel, (box) => {
      outcomes.clear();
      const keep: Item[] = [];
      for (const item of box.items) {
        if (!ids.has(item.msg.id)) keep.push(item);
        else if (result.ok) outcomes.set(item.msg.id, { state: 'sent', attempts: item.attempts, coalesced: taken.length });
        else if (result.blockedMs !== undefined) {
          if (!item.deferred) outcomes.set(item.msg.id, { state: 'deferred', until: now + result.blockedMs, error: result.error });
          keep.push({ ...item, attempts: item.attempts - 1, deferred: true, notBefore: now + result.blockedMs, inflightUntil: 0 });
        } else if (result.retry && item.attempts < this.deps.retry.attempts) {
          keep.push({ ...item, notBefore: now + this.backoff(item.attempts), inflightUntil: 0 });
        } else outcomes.set(item.msg.id, { state: 'failed', attempts: item.attempts, error: result.error });
      }
      const blocked = !result.ok && result.blockedMs !== undefined ? { blockedUntil: now + result.blockedMs } : {};
      return { ...box, ...blocked, items: keep };
    });
    if (!result.ok) this.deps.logger.warn('page delivery failed', { channel, error: result.error, retry: result.retry, messages: taken.length });
    for (const item of taken) {
      const outcome = outcomes.get(item.msg.id);
      if (outcome) await this.deps.onSettled(item.msg, channel, outcome);
    }
  }

  /** Exponential backoff with full jitter between half and the whole delay. */
  private backoff(attempt: number): number {
    const base = this.deps.retry.backoffMs * 2 ** (attempt - 1);
    return Math.round(base / 2 + (base / 2) * this.deps.random());
  }

  private async arm(channel: PageChannel, dueAt: number): Promise<void> {
    await this.deps.store.scheduleTimer({ id: `paging.flush.${channel}`, dueAt, kind: PAGING_TIMER.flush, payload: { channel } });
  }

  private async read(channel: PageChannel): Promise<Box> {
    return (await this.deps.store.getRecord<Box>(OUTBOX_KIND, channel))?.value ?? { items: [], sent: [] };
  }

  /** Compare-and-set loop on one outbox; `fn` returns the new box or undefined to leave it. */
  private async change(channel: PageChannel, fn: (box: Box) => Box | undefined): Promise<void> {
    for (;;) {
      const rec = await this.deps.store.getRecord<Box>(OUTBOX_KIND, channel);
      const next = fn(rec?.value ?? { items: [], sent: [] });
      if (!next) return;
      if ((await this.deps.store.putRecord(OUTBOX_KIND, channel, next, rec?.version ?? 0)) !== undefined) return;
    }
  }
}
