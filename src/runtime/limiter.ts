/**
 * Runs at most `max` tasks at once; the rest wait in call order. Keeps a burst of commands from
 * piling work onto the event loop that the ack path of the next request needs. With `holdMs`, a
 * task gives up its slot after that long even if it is still running (it goes on outside the
 * bound), so a few slow commands — a diagnosis waiting on a hung target, a remediation running for
 * a minute — never hold up the quick ones queued behind them.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly max: number,
    private readonly holdMs?: number,
  ) {}

  /** Runs `task` when a slot is free and resolves or rejects with it. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
    const timer = this.holdMs === undefined ? undefined : setTimeout(release, this.holdMs);
    timer?.unref();
    try {
      return await task();
    } finally {
      clearTimeout(timer);
      release();
    }
  }
}
