import { UserError } from './errors.js';

/** Longest command line zhiban parses; longer ones are refused before any other work. */
export const MAX_COMMAND_CHARS = 20_000;

/** Refuses (UserError `input.tooLong`) a command line over MAX_COMMAND_CHARS, before it is parsed. */
export function checkCommandLength(text: string): void {
  if (text.length > MAX_COMMAND_CHARS) throw new UserError('input.tooLong', { length: text.length, max: MAX_COMMAND_CHARS });
}

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
 * Linear in the text: once a closing quote was not found after some point, it is not looked for
 * again (a line of a thousand unclosed quotes is scanned once per quote kind, not once per quote).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const findClose = closer(text);
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
      const end = opens ? findClose(i + 1, close, c === '"') : -1;
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

/**
 * Finds closing quotes in `text`, remembering per closing character the first position after
 * which it is known to be absent. A later search from at or beyond that point fails at once: an
 * opening `"` there cannot be one the failed search saw as escaped, since a backslash before it
 * means it does not start a word or follow `=`.
 */
function closer(text: string): (from: number, close: string, escapes: boolean) => number {
  const absentFrom = new Map<string, number>();
  return (from, close, escapes) => {
    if (from >= (absentFrom.get(close) ?? Infinity)) return -1;
    for (let j = from; j < text.length; j++) {
      if (escapes && text[j] === '\\') {
        j++;
        continue;
      }
      if (text[j] === close) return j;
    }
    absentFrom.set(close, from);
    return -1;
  };
}

function unescape(s: string, escapes: boolean): string {
  return escapes ? s.replace(/\\(.)/g, '$1') : s;
}
