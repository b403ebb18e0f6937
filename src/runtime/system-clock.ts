import type { DeadlineClock } from '../core/clock.js';

/** The real wall clock, injected into core at start-up; monotonic-safe: never returns an earlier time than before. */
export class SystemClock implements DeadlineClock {
  private last = 0;

  now(): number {
    const t = Date.now();
    this.last = Math.max(this.last, t);
    return this.last;
  }

  deadline(ms: number): AbortSignal {
    return AbortSignal.timeout(ms);
  }
}
