import { describe, expect, it } from 'vitest';
import action from '../../commands/action.js';
import { bindArgs } from '../../src/core/bind-args.js';
import { tokenize } from '../../src/core/tokenize.js';

const bind = (text: string) => bindArgs(action, text, tokenize(text), 1, 'en') as Record<string, unknown>;

describe('binding arguments', () => {
  it('keeps quoted values with spaces intact in a rest argument, wherever the flags stand', () => {
    const args = bind('action release-lock note="hello world" --reason "stuck lock" order_id=7');
    expect(args.reason).toBe('stuck lock');
    expect(tokenize(String(args.assignments)).map((t) => t.value)).toEqual(['note=hello world', 'order_id=7']);
  });

  it('rejects a malformed --incident before anything is looked up', () => {
    expect(() => bind('action x --incident ../../etc/passwd')).toThrow(expect.objectContaining({ key: 'args.invalid', params: expect.objectContaining({ name: 'incident' }) }));
    expect(bind('action x --incident inc-20261122-003').incident).toBe('INC-20261122-003');
  });
});

describe('binding quoted values and echoing bad ones', () => {
  it('a lone quoted value with a space binds as one value (/action release-lock order_no="B 1")', () => {
    const args = bind('action release-lock order_no="B 1"');
    expect(tokenize(String(args.assignments)).map((t) => t.value)).toEqual(['order_no=B 1']);
    const quotedWhole = bind('action release-lock "order_no=B 1"');
    expect(tokenize(String(quotedWhole.assignments)).map((t) => t.value)).toEqual(['order_no=B 1']);
    const odd = bind('action release-lock note="a\\\\b \\"q\\"" x="「y」"');
    expect(tokenize(String(odd.assignments)).map((t) => t.value)).toEqual(['note=a\\b "q"', 'x=「y」']);
  });

  it('a refusal echoes at most a short prefix of a huge argument', () => {
    const huge = 'x'.repeat(100_000);
    for (const text of [`action ${huge}`, `action a b --incident ${huge}`, `action a --${huge}`]) {
      let echoed = '';
      try {
        bindArgs(action, text, tokenize(text), 1, 'en');
      } catch (err) {
        echoed = JSON.stringify((err as { params: unknown }).params);
      }
      expect(echoed.length).toBeGreaterThan(0);
      expect(echoed.length).toBeLessThan(400);
    }
  });
});
