import { Redactor } from '../src/core/redact.js';
import { BASELINE, fill, type Bench } from './harness.js';

const redactor = new Redactor().add('s3cr3t-value-from-env');

/** Redaction on inputs that made the old patterns quadratic, and on an ordinary log. */
export const bench: Bench = {
  id: 'redact',
  title: 'Secret redaction (src/core/redact.ts)',
  baselineLabel: BASELINE.label,
  baseline: BASELINE.run,
  sizes: [1024, 100 * 1024, 1024 * 1024],
  cases: [
    { label: '`a.a.a.…` (dotted run)', make: (n) => fill('a.', n), run: (s) => redactor.redact(s) },
    { label: '`token.token.…` (key-like run)', make: (n) => fill('token.', n), run: (s) => redactor.redact(s) },
    { label: '`x+x+…` then `://` (scheme-like run)', make: (n) => `${fill('x+', n - 12)}://u:p@h`, run: (s) => redactor.redact(s) },
    { label: '`password="…` never closed', make: (n) => fill('password="a ', n), run: (s) => redactor.redact(s) },
    { label: 'ordinary log lines with secrets', make: (n) => fill('2026-11-22 ERROR mysql://app:hunter2@db/mall password=abc s3cr3t-value-from-env\n', n), run: (s) => redactor.redact(s) },
  ],
};
