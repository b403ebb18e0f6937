import type { ViewContext } from '../core/incidents/view.js';

/** Receives an export piece by piece; a returned promise is awaited before the next piece (backpressure). */
export type Sink = (chunk: string) => void | Promise<void>;

/** What every part of a review needs: the view (translation, locale, zone, now) and the redaction of text. */
export interface ReviewContext {
  v: ViewContext;
  /** Applied to every piece of text that leaves zhiban in an export. */
  redact: (text: string) => string;
  /** Link to a manual section, `{section}` replaced by its number (e.g. `https://wiki/ops-manual#{section}`). */
  manualUrl?: string;
}

/**
 * Text made safe for one Markdown table cell: pipes escaped, line breaks as `<br>`, and HTML
 * angle brackets escaped so pasted user text cannot inject markup into a wiki.
 */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** One Markdown table row of already-escaped cells. */
export function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |\n`;
}

/** A Markdown table: header, separator and rows (every cell escaped). */
export function table(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return row(columns.map(cell)) + row(columns.map(() => '---')) + rows.map((r) => row(r.map(cell))).join('');
}

/** A level-2 section heading with a blank line after. */
export function section(title: string): string {
  return `\n## ${title}\n\n`;
}
