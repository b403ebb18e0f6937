import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { tokenize } from '../../src/core/tokenize.js';

const words = (s: string) => tokenize(s).map((t) => t.value);

describe('tokenize', () => {
  it('splits on ASCII and full-width spaces', () => {
    expect(words('incident  declare\u3000P1 支付失败')).toEqual(['incident', 'declare', 'P1', '支付失败']);
  });
  it('groups quoted words, ASCII and Chinese quotes, and removes the quotes', () => {
    expect(words(`note "a b" 'c d' “中 文” 「e f」 『g』`)).toEqual(['note', 'a b', 'c d', '中 文', 'e f', 'g']);
  });
  it('handles escapes inside double quotes and quotes inside a word', () => {
    expect(words('say "he said \\"hi\\"" key="v 1"')).toEqual(['say', 'he said "hi"', 'key=v 1']);
  });
  it('keeps where each token starts', () => {
    expect(tokenize('a  "b c"').map((t) => t.start)).toEqual([0, 3]);
  });
  it('refuses an unclosed quote with its position', () => {
    expect(() => tokenize('note “oops')).toThrow(UserError);
    try {
      tokenize('note “oops');
    } catch (e) {
      expect((e as UserError).params).toEqual({ quote: '“', position: 6 });
    }
  });
});
