import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { ClaimedTimer, Store } from '../store/port.js';

/** Does what a fired timer of one kind asks for (expire a request, escalate a page …). */
export type TimerHandler = (timer: ClaimedTimer) => Promise<void>;

/**
 * Fires due timers from the store. Each due timer is claimed under a lease, so with several bot
 * replicas exactly one runs it; a handler that fails leaves the timer to be claimed again when
 * the lease runs out, and a restart picks up every timer that came due while the bot was down.
 * Core never sets a real timer: the runtime calls `tick` on an interval, tests after advancing a fake clock.
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

  /** Runs every timer due now; resolves to how many completed. */
  async tick(): Promise<number> {
    const due = await this.store.claimDueTimers(this.clock.now(), this.owner, this.leaseMs, 100);
    let done = 0;
    for (const timer of due) {
      const handler = this.handlers[timer.kind];
      try {
        if (!handler) throw new Error(`no handler for timer kind ${timer.kind}`);
        await handler(timer);
        await this.store.completeTimer(timer.id, this.owner);
        done++;
      } catch (err) {
        this.logger.error('timer failed; it will be retried when its lease runs out', { timer: timer.id, kind: timer.kind, error: (err as Error)?.message });
      }
    }
    return done;
  }
}
