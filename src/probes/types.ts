import type { Clock } from '../core/clock.js';
import type { ProbeResult } from '../core/checks/model.js';

export type { Finding, ProbeResult } from '../core/checks/model.js';

/** What every probe receives: its deadline, the clock and how to redact. */
export interface ProbeContext {
  /** Aborted when the probe's time is up; probes pass it to clients that accept one. */
  signal: AbortSignal;
  timeoutMs: number;
  redact: (text: string) => string;
  /** The app's clock: wall-clock readings (uptimes, `--since`) come from it, never from Date.now. */
  clock: Clock;
}

/** A read-only check of one target. */
export interface Probe {
  probe: string;
  target: string;
  run(ctx: ProbeContext): Promise<Omit<ProbeResult, 'durationMs'>>;
}
