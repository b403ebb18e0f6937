import { describe, expect, it } from 'vitest';
import { globMatch } from '../../src/probes/backup/files.js';

describe('backup file patterns', () => {
  it('matches * and ? as a shell would, and nothing else is special', () => {
    expect(globMatch('mall_*.sql.gz', 'mall_20261201.sql.gz')).toBe(true);
    expect(globMatch('mall_*.sql.gz', 'mall_.sql.gz')).toBe(true);
    expect(globMatch('mall_*.sql.gz', 'mall_20261201.sql')).toBe(false);
    expect(globMatch('mall_*.sql.gz', 'xmall_1.sql.gz')).toBe(false);
    expect(globMatch('ssl_backup_????.tar.gz', 'ssl_backup_1201.tar.gz')).toBe(true);
    expect(globMatch('ssl_backup_????.tar.gz', 'ssl_backup_120.tar.gz')).toBe(false);
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('[x]*', '[x]1')).toBe(true);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('库存_*.gz', '库存_一.gz')).toBe(true);
  });

  it('answers at once for many stars on a long name that does not match (no backtracking blow-up)', () => {
    // The regular expression this replaced backtracked polynomially here and did not finish within the test timeout.
    const name = `${'a-'.repeat(5_000)}x.sql`;
    expect(globMatch('*-*-*-*-*-*-*-*.sql.gz', name)).toBe(false);
    expect(globMatch('*-*-*-*-*-*-*-*.sql', name)).toBe(true);
  });
});
