import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load.js';

const withPattern = (pattern: string) => `
actions:
  custom:
    - name: release-lock
      title: { en: Release a lock, zh-CN: 释放锁 }
      sql: "UPDATE inventory_locks SET is_locked = 0 WHERE order_id = :order_no"
      preview: "SELECT order_id FROM inventory_locks WHERE order_id = :order_no"
      params:
        order_no: { type: string, pattern: '${pattern}', description: { en: the order, zh-CN: 订单 } }
`;

function problemsOf(yaml: string): string[] {
  try {
    parseConfigText(yaml, 'zhiban.yml', {});
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.path} (line ${p.line}): ${p.message}`);
    throw e;
  }
}

describe('a custom action parameter pattern', () => {
  it.each(['(a+)+', '(a|a)*', '.*a.*a.*b', '([A-Z]+\\d*)+'])('%s is refused at config check: it backtracks catastrophically', { timeout: 60_000 }, (pattern) => {
    const found = problemsOf(withPattern(pattern));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^actions\.custom\[0\]\.params\.order_no\.pattern \(line 9\): this pattern can take (exponential|polynomial) time/);
  });

  it('an ordinary pattern is accepted', { timeout: 60_000 }, () => {
    expect(problemsOf(withPattern('B ?[0-9]{1,19}'))).toEqual([]);
  });
});
