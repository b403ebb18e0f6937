import { oneLine, type Cell } from '../format.js';

/** Password literals in statements (`IDENTIFIED BY '…'`, `PASSWORD('…')`, `MASTER_PASSWORD = '…'`). */
const SECRET_LITERAL =
  /(\bIDENTIFIED\b[^']*?\b(?:BY|USING)\s+(?:PASSWORD\s+)?|\bPASSWORD\s*\(\s*|\b(?:MASTER_|SOURCE_)?PASSWORD\s*=\s*)'(?:[^'\\]|\\.|'')*'/gi;

/** `oneLine` with SQL password literals masked first, so a cut can never leave part of one visible. */
export function maskedLine(sql: Cell, max: number): string {
  return oneLine(typeof sql === 'string' ? sql.replace(SECRET_LITERAL, "$1'[REDACTED]'") : sql, max);
}

/** A text column's value, or null for SQL NULL, an empty string, or anything that is not text. */
export function textOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
