import { createRequire } from 'node:module';
import { z } from 'zod';

type Recheck = typeof import('recheck');
let recheck: Recheck | undefined;
/** recheck is loaded on first use only: it is large, and most configs declare no pattern. */
function checker(): Recheck {
  recheck ??= createRequire(import.meta.url)('recheck') as Recheck;
  return recheck;
}

/** How long the ReDoS analysis of one pattern may take before the pattern counts as unproven. */
const ANALYSIS_MS = 20_000;

/**
 * Why `source` (used anchored, `^(?:source)$`) is unsafe to run on user input, or undefined when
 * it is safe. Invalid syntax, exponential or polynomial backtracking (nested or overlapping
 * repetition such as `(a+)+`, `(a|a)*`, `.*a.*a.*b`) and patterns the analysis could not finish
 * are all refused, so no regular expression from config can freeze the bot.
 */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
  } catch {
    return 'not a valid regular expression';
  }
  const verdict = checker().checkSync(`^(?:${source})$`, '', { timeout: ANALYSIS_MS });
  if (verdict.status === 'safe') return undefined;
  if (verdict.status === 'vulnerable') {
    const attack = verdict.attack.pattern.slice(0, 60);
    return `this pattern can take ${verdict.complexity.type} time on inputs like ${attack} (catastrophic backtracking): rewrite it without nested or overlapping repetition`;
  }
  return 'this pattern could not be shown to run in linear time: simplify it (no nested or overlapping repetition)';
}

/** A config string holding a regular expression that `regexProblem` finds safe (used anchored). */
export const safeRegexSchema = z
  .string()
  .min(1)
  .superRefine((s, ctx) => {
    const problem = regexProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
