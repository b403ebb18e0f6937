import type { Localized } from '../i18n/index.js';
import type { Verdict } from '../reply.js';

/** Timeline event type of a diagnostic run. */
export const CHECK_EVENT = 'check.result';

/** One observation of a probe, worst ones first in `ProbeResult.findings`. */
export interface Finding {
  verdict: Verdict;
  text: Localized;
}

/**
 * What a probe found about one target. `verdict` is the worst of its findings (or `timeout` /
 * `error` when it could not look). `detail` is redacted evidence (tables, log lines), already
 * bounded in size. A probe never throws to its caller: failures are results.
 */
export interface ProbeResult {
  /** Probe family: mysql, redis, docker, http, disk, host, orders. */
  probe: string;
  /** What was looked at, for humans: `mysql 127.0.0.1:3306`, `http nginx`, `docker backend`. */
  target: string;
  verdict: Verdict;
  summary: Localized;
  findings: Finding[];
  detail?: string;
  durationMs: number;
}
