import { tokenize } from '../src/core/tokenize.js';
import { BASELINE, fill, type Bench } from './harness.js';

/** Tokenizing lines full of quotes that never close (each used to rescan to the end of the line). */
export const bench: Bench = {
  id: 'tokenize',
  title: 'Command-line tokenizer (src/core/tokenize.ts)',
  baselineLabel: BASELINE.label,
  baseline: BASELINE.run,
  sizes: [1024, 100 * 1024, 1024 * 1024],
  cases: [
    { label: '`“a “a “a …` (never closed)', make: (n) => fill('“a ', n), run: (s) => tokenize(s) },
    { label: '`「b 『c ‘d "e \'f …` mixed, never closed', make: (n) => fill('「b 『c ‘d "e \'f ', n), run: (s) => tokenize(s) },
    { label: '`"a \\" b" …` closed quotes with escapes', make: (n) => fill('"a \\" b" ', n), run: (s) => tokenize(s) },
  ],
};
