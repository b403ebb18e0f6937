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
