import type { Localized } from '../../core/i18n/index.js';
import { L } from '../run-probe.js';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units with 3 significant digits at most (`1.98 MiB`, `120 GiB`, `0 B`). */
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
 * A duration in its two largest units, in both languages (`3 h 12 min` / `3 小时 12 分钟`).
 * Negative durations (clock skew between hosts) count as zero.
 */
export function formatDuration(ms: number): Localized {
  const s = Math.max(0, Math.floor(ms / 1000));
  const parts: Array<[number, string, string]> = [
    [Math.floor(s / 86400), 'd', '天'],
    [Math.floor(s / 3600) % 24, 'h', '小时'],
    [Math.floor(s / 60) % 60, 'min', '分钟'],
    [s % 60, 's', '秒'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  const shown = first < 0 ? [parts[3]!] : parts.slice(first, first + 2).filter(([n], i) => i === 0 || n > 0);
  return L(shown.map(([n, en]) => `${n} ${en}`).join(' '), shown.map(([n, , zh]) => `${n} ${zh}`).join(' '));
}

/** A percentage with no decimals, rounded up like `df` does (a disk 80.1 % full shows 81 %). */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.ceil((part / whole) * 100) : 0;
}

/** Rows as a plain-text table with left-aligned, space-padded columns (first row is the header). */
export function formatTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** An ISO time without milliseconds (`2026-11-22T05:29:04Z`), for tables and messages. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
