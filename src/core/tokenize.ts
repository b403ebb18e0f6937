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
 * are removed when they open a word (or a value after `=`) and are closed later; a backslash
 * escapes the next character inside ASCII double quotes. Any other quote — an apostrophe in
 * `didn't`, `5"`, a quote never closed — is kept as an ordinary character, so free text is never refused.
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
      const opens = close !== undefined && (i === start || text[i - 1] === '=');
      const end = opens ? findClose(text, i + 1, close, c === '"') : -1;
      if (end >= 0) {
        quoted = true;
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
