import { describe, expect, it } from 'vitest';
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
  it('keeps apostrophes, inch marks and unclosed quotes as ordinary characters', () => {
    expect(words(`note the cache didn't refresh`)).toEqual(['note', 'the', 'cache', "didn't", 'refresh']);
    expect(words('pipe 5" wide')).toEqual(['pipe', '5"', 'wide']);
    expect(words('title "half open')).toEqual(['title', '"half', 'open']);
    expect(words('note “未闭合')).toEqual(['note', '“未闭合']);
  });
});

describe('tokenize on hostile input', () => {
  it('splits 280 KB of never-closed quotes in one pass, keeping them as ordinary characters', () => {
    const text = `note ${'“a '.repeat(70_000)}`;
    const tokens = tokenize(text);
    expect(tokens).toHaveLength(70_001);
    expect(tokens[1]).toEqual({ value: '“a', start: 5, quoted: false });
    const mixed = tokenize(`x ${'「b 『c ‘d "e \'f '.repeat(10_000)}`);
    expect(mixed.slice(-5).map((t) => t.value)).toEqual(['「b', '『c', '‘d', '"e', "'f"]);
  });

  it('still closes a quote that opens after many unclosed ones', () => {
    expect(words(`${'「x '.repeat(3)}"closed \\" one" 『y z』`)).toEqual(['「x', '「x', '「x', 'closed " one', 'y z']);
  });
});
