/**
 * The only source of time in core. Core never reads the system clock or sets timers itself,
 * so expiry and escalation are tested by advancing a fake clock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. Never decreases within one clock instance. */
  now(): number;
}

/**
 * A clock that also arms deadlines, so core bounds work in time without the platform's own
 * timers: with a fake clock a deadline passes when the test moves time past it.
 */
export interface DeadlineClock extends Clock {
  /** A signal aborted with a `TimeoutError` once `ms` milliseconds have passed on this clock. */
  deadline(ms: number): AbortSignal;
}

/**
 * A manually driven clock for tests and benchmarks: time moves only when `advance` or `set` is
 * called, and the deadlines it armed abort when time reaches them.
 */
export class FakeClock implements DeadlineClock {
  private current: number;
  private armed: Array<{ at: number; controller: AbortController }> = [];

  /** Starts at `start` (ms since epoch or an ISO string). */
  constructor(start: number | string = '2026-11-22T02:00:00.000Z') {
    this.current = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.current;
  }

  deadline(ms: number): AbortSignal {
    const controller = new AbortController();
    this.armed.push({ at: this.current + Math.max(0, ms), controller });
    this.fire();
    return controller.signal;
  }

  /** Moves time forward by `ms` (negative values are refused: time never goes back). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('FakeClock cannot go back in time');
    this.current += ms;
    this.fire();
  }

  /** Jumps to an absolute time at or after the current one. */
  set(at: number | string): void {
    const next = typeof at === 'number' ? at : Date.parse(at);
    if (next < this.current) throw new RangeError('FakeClock cannot go back in time');
    this.current = next;
    this.fire();
  }

  private fire(): void {
    const due = this.armed.filter((d) => d.at <= this.current);
    this.armed = this.armed.filter((d) => d.at > this.current);
    for (const d of due) d.controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
  }
}
