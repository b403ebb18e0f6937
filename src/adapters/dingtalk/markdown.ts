import type { Translator } from '../../core/i18n/index.js';
import type { Block, Button, Reply, Tone, Verdict } from '../../core/reply.js';

/** Longest markdown text zhiban sends (characters); DingTalk caps a message at about 20 kB and CJK takes 3 bytes. */
export const MARKDOWN_MAX_CHARS = 4000;
/** Longest notification title (the line shown in the chat list and in push notifications). */
export const TITLE_MAX_CHARS = 60;

/** A markdown message as DingTalk's `markdown` / `sampleMarkdown` take it. */
export interface Markdown {
  title: string;
  text: string;
}

/** Emoji of a check verdict (DingTalk markdown has no colours that every client shows). */
export const VERDICT_EMOJI: Record<Verdict, string> = { ok: '✅', warn: '⚠️', crit: '🔴', timeout: '⏱️', error: '❌' };
/** Emoji of a reply's tone, put before an incident card's heading. */
export const TONE_EMOJI: Record<Tone, string> = { danger: '🔴', warning: '🟠', info: '🔵', success: '✅' };
const REFUSED = '⛔';
const BREAK = '  \n';

/**
 * Escapes text for DingTalk markdown so that user-provided text (titles, reasons, probe output)
 * is shown as typed: no emphasis, link, image, heading, quote, list or HTML can come out of it.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)(#|>|[-+](?=\s))/gm, (_m, sp: string, mark: string) => `${sp}\\${mark}`)
    .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.');
}

function lines(text: string): string {
  return text.split('\n').map(escapeMarkdown).join(BREAK);
}

function buttonsAsText(buttons: Button[], t: Translator): string[] {
  const usable = buttons.filter((b) => b.command);
  if (usable.length === 0) return [];
  return [`**${escapeMarkdown(t('dingtalk.buttonsAsText'))}**`, usable.map((b) => `- ${escapeMarkdown(b.label)}：${escapeMarkdown(b.command!)}`).join('\n')];
}

/** One neutral block as markdown paragraphs; `buttons` blocks become their text commands. */
export function blockMarkdown(b: Block, t: Translator): string[] {
  switch (b.type) {
    case 'heading':
      return [`### ${escapeMarkdown(b.text)}`];
    case 'text':
      return [lines(b.text)];
    case 'context':
      return [`*${lines(b.text)}*`];
    case 'fields':
      return [b.fields.map((f) => `- **${escapeMarkdown(f.label)}**：${escapeMarkdown(f.value || '—')}`).join('\n')];
    case 'code':
      return [[...(b.title ? [`**${escapeMarkdown(b.title)}**`] : []), ...b.text.split('\n').map((l) => `> ${escapeMarkdown(l) || ' '}`)].join(BREAK)];
    case 'table': {
      const header = b.columns.some((c) => c !== '') ? [`*${b.columns.map(escapeMarkdown).join(' · ')}*`] : [];
      const rows = b.rows.map((r) => `- ${r.map((cell, i) => (i === 0 ? `**${escapeMarkdown(cell)}**` : escapeMarkdown(cell))).join(' · ')}`);
      return [...header, rows.join('\n')].filter((p) => p !== '');
    }
    case 'verdicts':
      return [b.rows.map((r) => `- ${VERDICT_EMOJI[r.verdict]} **${escapeMarkdown(r.name)}** — ${escapeMarkdown(r.summary)}`).join('\n')];
    case 'buttons':
      return buttonsAsText(b.buttons, t);
  }
}

/** The reply's blocks, its first heading (or text) marked ⛔ for a refusal or with the tone emoji for an incident card. */
export function markedBlocks(reply: Reply): Block[] {
  const blocks = reply.blocks.map((b) => ({ ...b }));
  const mark = !reply.ok ? REFUSED : reply.incidentId ? TONE_EMOJI[reply.tone] : undefined;
  const target = blocks.find((b) => b.type === 'heading') ?? blocks.find((b) => b.type === 'text');
  if (mark && target && (target.type === 'heading' || target.type === 'text')) target.text = `${mark} ${target.text}`;
  return blocks;
}

/** The notification title: the first heading or text line, shortened. */
export function titleOf(blocks: Block[]): string {
  const first = blocks.find((b) => b.type === 'heading' || b.type === 'text');
  const line = (first && 'text' in first ? first.text : '').split('\n')[0]!.trim() || 'zhiban';
  return line.length > TITLE_MAX_CHARS ? `${line.slice(0, TITLE_MAX_CHARS - 1)}…` : line;
}

/** Joins paragraphs, keeping whole paragraphs (then whole lines) within `max` characters; cut text ends with `marker`. */
export function bounded(paragraphs: string[], marker: string, max = MARKDOWN_MAX_CHARS): string {
  const full = paragraphs.join('\n\n');
  if (full.length <= max) return full;
  const budget = max - marker.length - 2;
  let out = '';
  for (const line of full.split('\n')) {
    const next = out === '' ? line : `${out}\n${line}`;
    if (next.length > budget) break;
    out = next;
  }
  if (out === '') out = full.slice(0, Math.max(0, budget));
  return `${out}\n\n${marker}`;
}

/**
 * Renders a neutral reply as one DingTalk markdown message: headings, bold labels, tables as
 * lists (DingTalk markdown has no tables), check verdicts with emoji, code as quoted lines,
 * buttons as the commands to type. User text is escaped. At most MARKDOWN_MAX_CHARS; anything
 * cut is replaced by a visible marker. `mention` staff ids are @-mentioned at the end (DingTalk
 * highlights an @ only when the id also appears in the text).
 */
export function renderMarkdown(reply: Reply, t: Translator, mention: string[] = []): Markdown {
  const blocks = markedBlocks(reply);
  const body = bounded(blocks.flatMap((b) => blockMarkdown(b, t)), escapeMarkdown(t('dingtalk.truncated')));
  const at = mention.length > 0 ? `\n\n${mention.map((id) => `@${id}`).join(' ')}` : '';
  return { title: titleOf(blocks), text: body + at };
}
