import { oneLine, type Cell } from '../format.js';

/** A complete quoted token (`'…'`, `"…"`, `` `…` ``), so a gap may step over a quoted plugin or user name. */
const CLOSED = String.raw`'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|` + '`[^`]*`';
/** A string literal in single or double quotes, optionally after a charset introducer; also one cut off at the end of the text. */
const LITERAL = String.raw`(?:_\w+\s*|N)?(?:'(?:[^'\\]|\\.|'')*(?:'|$)|"(?:[^"\\]|\\.|"")*(?:"|$))`;
/** What comes right before a password literal. */
const BEFORE_SECRET = [
  String.raw`\bIDENTIFIED\b(?:[^'"\x60]|${CLOSED})*?\b(?:BY|USING)\s+(?:PASSWORD\s+)?`,
  String.raw`\b(?:OLD_)?PASSWORD\s*\(\s*`,
  String.raw`\b(?:MASTER_|SOURCE_)?PASSWORD\s*=?\s*`,
  String.raw`\bSET\s+PASSWORD\b(?:[^'"\x60=]|${CLOSED})*=\s*`,
  String.raw`\bREPLACE\s+`,
];

/**
 * Password literals in statements, in single or double quotes: `IDENTIFIED [WITH 'plugin'] BY '…'`,
 * `IDENTIFIED VIA … USING '…'`, `PASSWORD('…')`, `OLD_PASSWORD("…")`, `SET PASSWORD FOR u = '…'`,
 * `MASTER_PASSWORD = "…"`, `OPTIONS (PASSWORD '…')`, `ALTER USER … REPLACE '…'`.
 */
const SECRET_LITERAL = new RegExp(`(${BEFORE_SECRET.join('|')})${LITERAL}`, 'gi');

/** `oneLine` with SQL password literals masked first, so a cut can never leave part of one visible. */
export function maskedLine(sql: Cell, max: number): string {
  return oneLine(typeof sql === 'string' ? sql.replace(SECRET_LITERAL, "$1'[REDACTED]'") : sql, max);
}

/** A text column's value, or null for SQL NULL, an empty string, or anything that is not text. */
export function textOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
