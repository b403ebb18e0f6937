import type { Verdict } from './reply.js';

/** Verdicts from best to worst: a check that could not look (timeout, error) ranks below a known failure only. */
export const VERDICT_ORDER: readonly Verdict[] = ['ok', 'warn', 'timeout', 'error', 'crit'];

/** Rank of a verdict in VERDICT_ORDER (higher is worse). */
export function verdictRank(v: Verdict): number {
  return VERDICT_ORDER.indexOf(v);
}

/** The worst of some verdicts (`ok` for none). */
export function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((w, v) => (verdictRank(v) > verdictRank(w) ? v : w), 'ok');
}

/** The worst verdict among results (`ok` for none). */
export function overall(results: readonly { verdict: Verdict }[]): Verdict {
  return worst(results.map((r) => r.verdict));
}
