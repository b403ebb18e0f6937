import type { ProbeResult } from '../checks/model.js';
import type { Verdict } from '../reply.js';
import type { ZhibanUser } from '../users.js';

/** What the last run of a patrol found, kept in the store (also when it was quiet). */
export interface PatrolState {
  at: number;
  trigger: 'schedule' | 'manual';
  by: string;
  verdict: Verdict;
  /** Checks by verdict, e.g. `{ ok: 2, crit: 1 }`. */
  counts: Partial<Record<Verdict, number>>;
  /** posted: in its channel; quiet: all ok and quietWhenOk; unposted: the channel could not be reached; reply: run by hand. */
  delivery: 'posted' | 'quiet' | 'unposted' | 'reply';
  incidents: string[];
}

/** A patrol as `/patrol list` shows it. */
export interface PatrolInfo {
  name: string;
  schedule: string;
  checks: string[];
  /** The next scheduled run (epoch ms), when one is scheduled. */
  nextAt?: number;
  last?: PatrolState;
}

/** An incident a crit check of a patrol led to: opened now, or already open for the same check. */
export interface PatrolIncident {
  check: string;
  id: string;
  opened: boolean;
}

/** One run of a patrol. */
export interface PatrolRun {
  name: string;
  at: number;
  results: ProbeResult[];
  verdict: Verdict;
  incidents: PatrolIncident[];
}

/** Scheduled patrols (manual 6.2), as core and the commands see them. */
export interface PatrolsPort {
  /** Every configured patrol with its next run and last result, in config order. */
  list(): Promise<PatrolInfo[]>;
  /** Runs a patrol now as `actor`; a user error for an unknown name. */
  runNow(name: string, actor: ZhibanUser): Promise<PatrolRun>;
}
