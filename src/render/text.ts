import type { Block, Reply, Verdict } from '../core/reply.js';
import { sanitizeReply } from '../core/sanitize.js';
import { displayWidth, padEnd } from './width.js';

/** ANSI styling, or none when output is not a terminal. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
/** Colours for a terminal. */
export const ANSI: Style = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39) };
/** No styling (pipes, files, tests). */
export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s };

const VERDICT_MARK: Record<Verdict, string> = { ok: 'OK', warn: 'WARN', crit: 'CRIT', timeout: 'TIMEOUT', error: 'ERROR' };

function verdictMark(v: Verdict, style: Style): string {
  const mark = `[${VERDICT_MARK[v]}]`;
  if (v === 'ok') return style.green(mark);
  if (v === 'warn') return style.yellow(mark);
  return style.red(mark);
}

/** The widest display width of `cells` (0 for none); a loop, so any number of rows fits (no argument spreading). */
function widest(cells: Iterable<string>): number {
  let w = 0;
  for (const c of cells) w = Math.max(w, displayWidth(c));
  return w;
}

/** Renders a table with columns aligned by display width (CJK-aware); an all-empty header row is skipped. */
export function renderTable(columns: string[], rows: string[][], style: Style): string[] {
  const all = columns.some((c) => c !== '') ? [columns, ...rows] : rows;
  const widths = columns.map((_, i) => widest(all.map((r) => r[i] ?? '')));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : padEnd(cell, widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = all.map(line);
  if (all !== rows) out[0] = style.bold(out[0]!);
  return out;
}

function renderBlock(b: Block, style: Style): string[] {
  switch (b.type) {
    case 'heading':
      return [style.bold(b.text)];
    case 'text':
      return b.text.split('\n');
    case 'context':
      return [style.dim(b.text)];
    case 'fields': {
      const w = widest(b.fields.map((f) => f.label));
      return b.fields.map((f) => `  ${padEnd(f.label, w)}  ${f.value}`);
    }
    case 'code':
      return [...(b.title ? [b.title] : []), ...b.text.split('\n').map((l) => `  ${l}`)];
    case 'table':
      return renderTable(b.columns, b.rows, style).map((l) => `  ${l}`);
    case 'verdicts': {
      const w = widest(b.rows.map((r) => r.name));
      return b.rows.map((r) => `  ${padEnd(verdictMark(r.verdict, style), 9)} ${padEnd(r.name, w)}  ${r.summary}`);
    }
    case 'buttons':
      return b.buttons.map((btn) => `  [${btn.label}]${btn.command ? ` → ${btn.command}` : ''}`);
  }
}

/**
 * Plain-text rendering of a reply for the console and `exec`; a refusal starts with ✗. Control
 * and bidi characters in the reply are shown as visible escapes; only `style` emits ANSI codes.
 */
export function renderText(reply: Reply, style: Style = PLAIN): string {
  const lines = sanitizeReply(reply).blocks.flatMap((b) => renderBlock(b, style));
  if (!reply.ok && lines.length > 0) lines[0] = style.red(`✗ ${lines[0]!}`);
  return lines.join('\n');
}
