import type { Localized } from '../../core/i18n/index.js';
import { L, truncate } from '../run-probe.js';

/** A table cell as it comes from the server. */
export type Cell = string | number | null | undefined;

/** Password literals in statements (`IDENTIFIED BY '…'`, `PASSWORD('…')`, `MASTER_PASSWORD = '…'`). */
const SECRET_LITERAL =
  /(\bIDENTIFIED\b[^']*?\b(?:BY|USING)\s+(?:PASSWORD\s+)?|\bPASSWORD\s*\(\s*|\b(?:MASTER_|SOURCE_)?PASSWORD\s*=\s*)'(?:[^'\\]|\\.|'')*'/gi;

/** A value as one line: whitespace collapsed, SQL password literals masked, cut to `max` characters; `-` when empty. */
export function oneLine(sql: Cell, max: number): string {
  if (sql === null || sql === undefined || sql === '') return '-';
  const flat = String(sql).replace(/\s+/g, ' ').trim().replace(SECRET_LITERAL, "$1'[REDACTED]'");
  return truncate(flat, max, '…');
}

/** A text column's value, or null for SQL NULL, an empty string, or anything that is not text. */
export function textOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Renders rows as a plain-text table aligned in columns; every cell is one line of at most `maxCell` characters. */
export function formatTable(columns: string[], rows: Cell[][], maxCell = 60): string {
  const text = rows.map((r) => columns.map((_, i) => oneLine(r[i], maxCell)));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), ...text.map(line)].join('\n');
}

/** A duration in both languages, in the largest whole unit: `42 s`, `3 min`, `5 h`, `2 d`. */
export function humanDuration(seconds: number): Localized {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return L(`${s} s`, `${s} 秒`);
  if (s < 7200) return L(`${Math.round(s / 60)} min`, `${Math.round(s / 60)} 分钟`);
  if (s < 172800) return L(`${Math.round(s / 3600)} h`, `${Math.round(s / 3600)} 小时`);
  return L(`${Math.round(s / 86400)} d`, `${Math.round(s / 86400)} 天`);
}

/** `1 long query` / `2 long queries`: English singular or plural by count. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
