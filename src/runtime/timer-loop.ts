import type { TimerRunner } from '../core/timers.js';
import type { Logger } from '../core/logger.js';

/** A running timer loop. */
export interface TimerLoop {
  /** When the last round finished (epoch ms), failed or not; undefined before the first. */
  lastTickAt(): number | undefined;
  /** The interval between rounds. */
  readonly everyMs: number;
  /**
   * Stops the loop: no new round starts, the round in progress finishes its current timer and
   * hands the rest of its batch back (see TimerRunner.stop). Resolves when it has. Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * Calls `runner.tick()` now and then every `everyMs`, one tick at a time, until stopped. The
 * interval does not keep the process alive on its own.
 */
export function startTimerLoop(runner: TimerRunner, everyMs: number, logger: Logger): TimerLoop {
  let running: Promise<void> | undefined;
  let last: number | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runner
      .tick()
      .then(
        () => undefined,
        (err: unknown) => logger.error('timer tick failed', { error: (err as Error)?.message }),
      )
      .finally(() => {
        last = Date.now();
        running = undefined;
      });
  };
  tick();
  const handle = setInterval(tick, everyMs);
  handle.unref();
  return {
    everyMs,
    lastTickAt: () => last,
    async stop() {
      stopped = true;
      clearInterval(handle);
      runner.stop();
      await running;
    },
  };
}
