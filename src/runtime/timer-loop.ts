import type { TimerRunner } from '../core/timers.js';
import type { Logger } from '../core/logger.js';

/**
 * Calls `runner.tick()` now and then every `everyMs`, one tick at a time, until stopped. The
 * interval does not keep the process alive on its own. Returns the stop function.
 */
export function startTimerLoop(runner: TimerRunner, everyMs: number, logger: Logger): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runner.tick();
    } catch (err) {
      logger.error('timer tick failed', { error: (err as Error)?.message });
    } finally {
      running = false;
    }
  };
  void tick();
  const handle = setInterval(() => void tick(), everyMs);
  handle.unref();
  return () => clearInterval(handle);
}
