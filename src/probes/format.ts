import type { Localized } from '../core/i18n/index.js';
import { formatDuration } from '../core/time.js';
import { L, truncate } from './run-probe.js';

/** A table cell as it comes from a server: text, a number, or nothing. */
export type Cell = string | number | null | undefined;

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units with 3 significant digits at most (`1.98 MiB`, `65.0 MiB`, `120 GiB`, `0 B`); negative counts as zero. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/**
 * A duration in both languages, core's `formatDuration` (two largest units: `3 h 12 min` /
 * `3 小时 12 分钟`, under a minute in seconds). Negative durations (clock skew) count as zero.
 */
export function localizedDuration(ms: number): Localized {
  return L(formatDuration(ms, 'en'), formatDuration(ms, 'zh-CN'));
}

/** A value as one line: whitespace collapsed, cut to `max` characters with `…`; `-` when empty. */
export function oneLine(value: Cell, max: number): string {
  if (value === null || value === undefined || value === '') return '-';
  return truncate(String(value).replace(/\s+/g, ' ').trim(), max, '…');
}

/** How `formatTable` lays out its rows. */
export interface TableOptions {
  /** The header; every row then shows exactly these columns. Without it the first row is the header. */
  columns?: string[];
  /** Each body cell becomes `oneLine(cell, maxCell)`; without it cells are shown as they are (nothing as ''). */
  maxCell?: number;
}

/** Rows as a plain-text table: left-aligned columns padded with spaces, two spaces apart, no trailing spaces. */
export function formatTable(rows: Cell[][], { columns, maxCell }: TableOptions = {}): string {
  const text = (cell: Cell): string => (maxCell === undefined ? String(cell ?? '') : oneLine(cell, maxCell));
  const body = rows.map((row) => (columns ? columns.map((_, i) => row[i]) : row).map(text));
  const lines = columns ? [columns, ...body] : body;
  const widths: number[] = [];
  for (const line of lines) line.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return lines.map((line) => line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** A percentage with no decimals, rounded up like `df` does (a disk 80.1 % full shows 81 %); 0 of nothing is 0. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.ceil((part / whole) * 100) : 0;
}

/** An ISO time without milliseconds (`2026-11-22T05:29:04Z`), for tables and messages. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The texts joined language by language, with `separator` in its language (` · ` in both by default). */
export function joinLocalized(parts: Localized[], separator: Localized = L(' · ', ' · ')): Localized {
  return L(parts.map((p) => p.en).join(separator.en), parts.map((p) => p['zh-CN']).join(separator['zh-CN']));
}

/** `1 long query` / `2 long queries`: English singular or plural by count. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
