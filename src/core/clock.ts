/**
 * The only source of time in core. Core never reads the system clock or sets timers itself,
 * so expiry and escalation are tested by advancing a fake clock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. Never decreases within one clock instance. */
  now(): number;
}

/** A manually driven clock for tests and benchmarks: time moves only when `advance` or `set` is called. */
export class FakeClock implements Clock {
  private current: number;

  /** Starts at `start` (ms since epoch or an ISO string). */
  constructor(start: number | string = '2026-11-22T02:00:00.000Z') {
    this.current = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` (negative values are refused: time never goes back). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('FakeClock cannot go back in time');
    this.current += ms;
  }

  /** Jumps to an absolute time at or after the current one. */
  set(at: number | string): void {
    const next = typeof at === 'number' ? at : Date.parse(at);
    if (next < this.current) throw new RangeError('FakeClock cannot go back in time');
    this.current = next;
  }
}
