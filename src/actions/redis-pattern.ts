import type { Localized } from '../core/i18n/index.js';
import { L } from '../probes/run-probe.js';

/** Index of the `]` closing the class opened at `open` (escapes skipped); the end when unclosed, as Redis reads it. */
function classEnd(pattern: string, open: number): number {
  for (let i = open + 1; i < pattern.length; i += 1) {
    if (pattern[i] === '\\') i += 1;
    else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}

/**
 * The longest run of literal characters in a Redis glob pattern: characters that are not `*`,
 * `?` or a `[…]` class; `\x` counts as the literal `x`. `*:cache:*` → 7, `[ab]*` → 0.
 */
export function longestLiteralRun(pattern: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      i += 1;
      run += 1;
    } else if (ch === '*' || ch === '?') {
      run = 0;
    } else if (ch === '[') {
      i = classEnd(pattern, i);
      run = 0;
    } else {
      run += 1;
    }
    best = Math.max(best, run);
  }
  return best;
}

/**
 * Why a purge pattern is too broad (both languages, with an acceptable example), or undefined.
 * The rule: somewhere in it, at least `minLiteral` literal characters in a row, so `*`, `?*`,
 * `**`, `[a-z]*` and `ab*` are refused while the manual's `*:cache:*` (2.3) passes.
 */
export function patternProblem(pattern: string, minLiteral: number): Localized | undefined {
  if (/[\s\x00-\x1f]/.test(pattern)) {
    return L('the pattern must not contain spaces or control characters', '匹配模式不能包含空白或控制字符');
  }
  if (longestLiteralRun(pattern) >= minLiteral) return undefined;
  return L(
    `pattern "${pattern}" is too broad: it needs at least ${minLiteral} literal characters in a row (not *, ? or […]), e.g. "*:cache:*" or "mall:cache:product:*"`,
    `匹配模式“${pattern}”范围过大：需要至少 ${minLiteral} 个连续的普通字符（不含 *、? 或 […]），例如 “*:cache:*” 或 “mall:cache:product:*”`,
  );
}
