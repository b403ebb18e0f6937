import { performance } from 'node:perf_hooks';

/** One measured operation on one kind of input, compared with a baseline on the same input. */
export interface BenchCase {
  /** What the input looks like, e.g. `a.a.a.…`. */
  label: string;
  /** An input of about `size` characters. */
  make: (size: number) => string;
  /** The operation under test. */
  run: (input: string) => unknown;
}

/**
 * A benchmark file's export: a BENCHMARKS.md section (`id` names it) with cases measured at each
 * size against `baseline` on the same input. Ratios that stay flat as sizes grow mean linear.
 */
export interface Bench {
  id: string;
  title: string;
  /** What the baseline is, for the report. */
  baselineLabel: string;
  baseline: (input: string) => unknown;
  sizes: number[];
  cases: BenchCase[];
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Milliseconds per call of `fn`, over `reps` calls (small inputs repeat so a timing is not noise). */
function time(fn: () => unknown, reps: number): number {
  const t = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t) / reps;
}

/**
 * Median time of `run` divided by the median time of `baseline` on the same input, measured in
 * interleaved rounds (baseline and subject alternate which goes first) after one warm-up each.
 */
export function ratio(input: string, run: (s: string) => unknown, baseline: (s: string) => unknown, rounds: number): { ratio: number; ms: number; baseMs: number } {
  run(input);
  baseline(input);
  const reps = Math.max(1, Math.round((256 * 1024) / Math.max(1, input.length)));
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2) {
      a.push(time(() => run(input), reps));
      b.push(time(() => baseline(input), reps));
    } else {
      b.push(time(() => baseline(input), reps));
      a.push(time(() => run(input), reps));
    }
  }
  const ms = median(a);
  const baseMs = Math.max(median(b), 1e-3);
  return { ratio: ms / baseMs, ms, baseMs };
}

/** `n` characters of `unit` repeated (cut to length). */
export function fill(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** The shared baseline: one regex `String.prototype.replace` that visits every character once. */
export const BASELINE = {
  label: 'one `String.prototype.replace(/[^\\n]/g, "")` pass over the same input',
  run: (s: string): unknown => s.replace(/[^\n]/g, ''),
};
