/** First reconnect delay. */
export const RECONNECT_BASE_MS = 1000;
/** Longest reconnect delay: a gateway that stays down is retried about once a minute. */
export const RECONNECT_MAX_MS = 60_000;

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry): exponential from `baseMs`,
 * capped at `maxMs`, with jitter in [50 %, 100 %] of that value so many bots that lost the
 * gateway at once do not come back in lock-step. `random` returns a number in [0, 1).
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random, baseMs = RECONNECT_BASE_MS, maxMs = RECONNECT_MAX_MS): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(ceiling * (0.5 + random() / 2));
}
