import { UserError } from './errors.js';

/** One word of a command line with where it started in the raw text. */
export interface Token {
  value: string;
  /** Offset of the token's first character (its opening quote, if quoted) in the text. */
  start: number;
  quoted: boolean;
}

const QUOTES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '‘': '’',
  '「': '」',
  '『': '』',
};

/** Space, tab, newline and the full-width space an IME types (U+3000). */
function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u3000';
}

/**
 * Splits a command line into words. Quotes (ASCII and Chinese “…” 「…」 『…』) group words and
 * are removed; a backslash escapes the next character inside ASCII double quotes. An unclosed
 * quote is a user error naming the position, never a silent guess.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    let quoted = false;
    while (i < text.length && !isSpace(text[i]!)) {
      const c = text[i]!;
      const close = QUOTES[c];
      if (close !== undefined) {
        quoted = true;
        const end = findClose(text, i + 1, close, c === '"');
        if (end < 0) throw new UserError('args.unclosedQuote', { quote: c, position: i + 1 }, { showUsage: true });
        value += unescape(text.slice(i + 1, end), c === '"');
        i = end + 1;
      } else {
        value += c;
        i++;
      }
    }
    tokens.push({ value, start, quoted });
  }
  return tokens;
}

function findClose(text: string, from: number, close: string, escapes: boolean): number {
  for (let j = from; j < text.length; j++) {
    if (escapes && text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === close) return j;
  }
  return -1;
}

function unescape(s: string, escapes: boolean): string {
  return escapes ? s.replace(/\\(.)/g, '$1') : s;
}
