import type { Block, Reply } from './reply.js';

/**
 * Characters a terminal or a text renderer acts on instead of showing: C0 controls except tab and
 * newline (ESC starts escape sequences, CR overwrites a line, BEL rings, NUL truncates), DEL, C1
 * controls (U+009B is a one-byte CSI), the line/paragraph separators and the bidi controls that
 * reorder what is shown (U+202E makes `exe.gnp` look like `png.exe`).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Output-side defence against terminal escape injection and bidi spoofing: every unsafe character
 * becomes a visible stand-in (C0 as its control picture such as ␛ ␍ ␀, the rest as `<U+202E>`).
 * Tabs, newlines and all printable text (CJK, emoji) pass unchanged; one linear pass. Apply it to
 * what a renderer shows, never to what is stored: the timeline keeps text as typed.
 */
export function sanitizeText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * JSON text (already serialised) with every unsafe character written as a `\uXXXX` escape: the
 * parsed data is exactly the original, but a terminal printing the JSON sees no raw control.
 * Unsafe characters only occur inside JSON strings, where the escape is valid.
 */
export function escapeJsonOutput(json: string): string {
  return json.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sanitizeBlock(b: Block): Block {
  const s = sanitizeText;
  switch (b.type) {
    case 'heading':
    case 'text':
    case 'context':
      return { ...b, text: s(b.text) };
    case 'code':
      return { ...b, text: s(b.text), ...(b.title !== undefined ? { title: s(b.title) } : {}) };
    case 'fields':
      return { ...b, fields: b.fields.map((f) => ({ label: s(f.label), value: s(f.value) })) };
    case 'table':
      return { ...b, columns: b.columns.map(s), rows: b.rows.map((r) => r.map(s)) };
    case 'verdicts':
      return { ...b, rows: b.rows.map((r) => ({ ...r, name: s(r.name), summary: s(r.summary) })) };
    case 'buttons':
      return { ...b, buttons: b.buttons.map((x) => ({ ...x, label: s(x.label), ...(x.command !== undefined ? { command: s(x.command) } : {}) })) };
  }
}

/**
 * A copy of `reply` whose every shown string went through `sanitizeText` (button values, which
 * come back in clicks and are never shown, stay as they are). Every renderer — console, Slack,
 * DingTalk — calls this first, before adding its own styling.
 */
export function sanitizeReply(reply: Reply): Reply {
  return { ...reply, blocks: reply.blocks.map(sanitizeBlock) };
}
