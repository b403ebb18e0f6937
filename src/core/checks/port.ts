import type { ProbeResult } from './model.js';

/**
 * A `/check` target: a name from the probe registry (src/probes/registry.ts) or `all`. Core does
 * not know the list; the `/check` command and the diagnostics take it from the registry.
 */
export type CheckTarget = string;

/** What `/logs` asks for; `grep` is a plain substring, `since` like `10m`, `tail` a line count. */
export interface LogsRequest {
  service: string;
  grep?: string;
  since?: string;
  tail?: number;
}

/** Redacted, bounded log lines of one container of a service, oldest first. */
export interface LogsResult {
  service: string;
  container: string;
  containerState: string;
  others: string[];
  lines: string[];
  truncated: boolean;
  matched: number;
  scanned: number;
}

/**
 * The read-only diagnostics, as core sees them. Implementations run probes with hard timeouts
 * and never throw for a target that is down (that is a `crit`/`timeout` result); they throw a
 * UserError only for a bad request (unknown service name, bad `--since`).
 */
export interface DiagnosticsPort {
  /** Runs the probes of `target` (optionally one named service / URL), all in parallel. */
  check(target: CheckTarget, name?: string): Promise<ProbeResult[]>;
  /** Reads container logs through the Docker API. */
  logs(req: LogsRequest): Promise<LogsResult>;
}
