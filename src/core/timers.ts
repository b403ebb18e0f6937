import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { ClaimedTimer, Store } from '../store/port.js';

/** Does what a fired timer of one kind asks for (expire a request, escalate a page …). */
export type TimerHandler = (timer: ClaimedTimer) => Promise<void>;

/** Timers claimed at once: few, so those waiting behind a slow handler are not held for long. */
const BATCH = 10;
/** Timers run per tick at most; the rest wait for the next tick. */
const PER_TICK = 100;

/**
 * Fires due timers from the store. Each due timer is claimed under a lease, so with several bot
 * replicas exactly one runs it; timers are claimed in small batches and each lease is renewed
 * right before its handler starts, so handlers earlier in the batch cannot use it up and let
 * another replica run the same timer; a timer whose lease was lost is left to its new holder.
 * A handler that fails leaves the timer to be claimed again when the lease runs out, and a
 * restart picks up every timer that came due while the bot was down. Core never sets a real
 * timer: the runtime calls `tick` on an interval, tests after advancing a fake clock.
 */
export class TimerRunner {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly owner: string,
    private readonly handlers: Record<string, TimerHandler>,
    private readonly logger: Logger,
    private readonly leaseMs = 60_000,
  ) {}

  private stopped = false;

  /**
   * Shutdown: from now on `tick` claims nothing, and a tick in progress finishes the timer it is
   * running, then hands the rest of its batch back (their leases end now, so another replica or
   * the next start runs them at once instead of after the lease).
   */
  stop(): void {
    this.stopped = true;
  }

  /** Runs every timer due now; resolves to how many completed. */
  async tick(): Promise<number> {
    let done = 0;
    for (let claimed = 0; claimed < PER_TICK && !this.stopped; ) {
      const due = await this.store.claimDueTimers(this.clock.now(), this.owner, this.leaseMs, BATCH);
      for (const [i, timer] of due.entries()) {
        if (this.stopped) {
          await this.release(due.slice(i));
          break;
        }
        if (await this.fire(timer)) done++;
      }
      claimed += due.length;
      if (due.length < BATCH) break;
    }
    return done;
  }

  /** Ends this runner's leases on `timers` without running them. */
  private async release(timers: ClaimedTimer[]): Promise<void> {
    // A lease renewed as of one ms ago for one ms ends now (the port wants a positive lease).
    for (const t of timers) await this.store.renewTimer(t.id, this.owner, this.clock.now() - 1, 1).catch(() => false);
    this.logger.info('timer leases released at shutdown', { timers: timers.map((t) => t.id) });
  }

  /** Renews the lease of one claimed timer and runs its handler; true when it completed. */
  private async fire(timer: ClaimedTimer): Promise<boolean> {
    if (!(await this.store.renewTimer(timer.id, this.owner, this.clock.now(), this.leaseMs))) {
      this.logger.warn('timer lease lost before it ran; its new holder runs it', { timer: timer.id, kind: timer.kind });
      return false;
    }
    const handler = this.handlers[timer.kind];
    try {
      if (!handler) throw new Error(`no handler for timer kind ${timer.kind}`);
      await handler(timer);
      await this.store.completeTimer(timer.id, this.owner);
      return true;
    } catch (err) {
      this.logger.error('timer failed; it will be retried when its lease runs out', { timer: timer.id, kind: timer.kind, error: (err as Error)?.message });
      return false;
    }
  }
}
