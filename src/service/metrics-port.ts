import type { ProbeResult } from '../core/checks/model.js';
import type { CommandObserver } from '../core/observer.js';
import type { StoredEvent } from '../store/port.js';

/**
 * What the app counts into: the Prometheus `Metrics` (service/metrics.ts, prom-client) of a
 * process that serves `/metrics`, or NO_METRICS in one that never serves them (`zhiban exec`,
 * `zhiban shell`), which then starts without loading prom-client.
 */
export interface AppMetrics extends CommandObserver {
  /** Adds the standard process and Node.js metrics; once, when serving. */
  collectDefaults(): void;
  /** The metrics in Prometheus text format, with its content type. */
  render(): Promise<{ contentType: string; body: string }>;
  /** A chat request was acknowledged `ms` after it arrived. */
  ack(platform: string, ms: number): void;
  /** A chat connection was re-established. */
  reconnect(platform: string): void;
  /** A probe finished. */
  probe(r: ProbeResult): void;
  /** A timer of `kind` fired `lagMs` after it was due. */
  timer(kind: string, lagMs: number): void;
  /** A store operation took `ms`. */
  storeOp(op: string, ok: boolean, ms: number): void;
  /** Counts approvals and pages from the timeline events this process records. */
  event(e: StoredEvent): void;
}

const ignore = (): void => undefined;

/** Metrics that count nothing, for a process that never serves `/metrics` (its counters would die with it unread). */
export const NO_METRICS: AppMetrics = {
  command: ignore,
  collectDefaults: ignore,
  render: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '' }),
  ack: ignore,
  reconnect: ignore,
  probe: ignore,
  timer: ignore,
  storeOp: ignore,
  event: ignore,
};

/** The Prometheus metrics of a serving process, loading prom-client only now. */
export async function prometheusMetrics(): Promise<AppMetrics> {
  return new (await import('./metrics.js')).Metrics();
}
