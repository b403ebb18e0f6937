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

/**
 * A benchmark that measures whole operations (processes, servers, stores) rather than a function
 * on a string: `run` measures, prints progress, and returns the body of its BENCHMARKS.md section
 * (method, table, targets) in Markdown. run.ts adds the title and the markers.
 */
export interface Report {
  id: string;
  title: string;
  run(): Promise<string>;
}

/** `BENCH_LONG=1`: full sizes and more rounds (minutes); the default run is the short one. */
export const LONG = process.env.BENCH_LONG === '1';

/** The `p`-th percentile (0–100, nearest rank) of a non-empty list. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/**
 * Runs each subject once per round, `rounds` times, rotating which goes first, and returns every
 * subject's results in subject order. With a shared, noisy machine this keeps the comparison fair.
 */
export async function interleave<T>(rounds: number, subjects: Array<() => Promise<T>>): Promise<T[][]> {
  const out: T[][] = subjects.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < subjects.length; k++) {
      const i = (k + r) % subjects.length;
      out[i]!.push(await subjects[i]!());
    }
  }
  return out;
}

/** Prints one progress line (the report itself goes to BENCHMARKS.md). */
export function progress(id: string, line: string): void {
  process.stdout.write(`${id}  ${line}\n`);
}

/** `x` with `digits` decimals, e.g. `ms(12.345)` → `12.3`. */
export function fixed(x: number, digits = 1): string {
  return x.toFixed(digits);
}

/** A Markdown table from a header row and data rows. */
export function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** `met` or a bold `missed`, for the target column. */
export function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}
