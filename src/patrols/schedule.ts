import { lazyModule } from '../probes/lazy-module.js';

/** croner, loaded when a patrol schedule is first checked or computed (a config without patrols never loads it). */
const croner = lazyModule<typeof import('croner')>('croner');

/** Why `pattern` is not a cron schedule croner accepts, or undefined when it is. */
export function cronProblem(pattern: string, timeZone?: string): string | undefined {
  try {
    new (croner().Cron)(pattern, { paused: true, ...(timeZone ? { timezone: timeZone } : {}) });
    return undefined;
  } catch (err) {
    return `not a cron schedule (${(err as Error).message}); e.g. "0 9 * * *" for 09:00 every day, "0 3 * * 1" for 03:00 on Mondays`;
  }
}

/**
 * The first slot of the cron `pattern` strictly after `after` (epoch ms), in `timeZone` (so
 * "0 9 * * *" is 09:00 there, daylight saving included); undefined when it never runs again.
 */
export function nextSlot(pattern: string, timeZone: string, after: number): number | undefined {
  const next = new (croner().Cron)(pattern, { paused: true, timezone: timeZone }).nextRun(new Date(after));
  return next ? next.getTime() : undefined;
}
