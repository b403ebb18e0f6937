import type { Localized } from '../i18n/index.js';

/** Timeline event types of a drill. */
export const DRILL_EVENT = {
  /** The scenario's fault is in place (after approval). */
  injected: 'drill.injected',
  /** `/drill stop` undid it. */
  reverted: 'drill.reverted',
} as const;

/** Action kind of a drill's injection (filed as a request, run after approval). */
export const DRILL_ACTION = 'drill-inject';

/** Prefix of every drill incident's title, in both languages so every view and export shows it. */
export const DRILL_TITLE_PREFIX = '演练 DRILL · ';

/** What a drill injected, enough to undo exactly that. */
export type InjectedFault =
  | { kind: 'stop-container'; container: string; name: string }
  | { kind: 'mysql-lock'; table: string; column: string; value: string | number; holder: string }
  | { kind: 'redis-keys'; keys: string[] };

/** The record of one drill, keyed by its incident id. */
export interface DrillRun {
  scenario: string;
  startedAt: number;
  injectedAt?: number;
  injected?: InjectedFault;
  revertedAt?: number;
  /** What the revert did (or why it could not). */
  reverted?: Localized;
  /** `/drill stop` began: an injection that finishes after this reverts itself at once. */
  stoppedAt?: number;
}
