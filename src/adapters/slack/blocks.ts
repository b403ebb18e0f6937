import type { types as S } from '@slack/bolt';
import type { Block, Button, Verdict } from '../../core/reply.js';
import { PLAIN, renderTable } from '../../render/text.js';
import { escapeMrkdwn } from './text.js';

/** Slack's limits that a rendered message must respect (Block Kit reference). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  messageText: 40_000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  buttonsPerBlock: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
} as const;

/** Every Block Kit block zhiban emits. */
export type SlackBlock = S.SectionBlock | S.HeaderBlock | S.ContextBlock | S.ActionsBlock;

/** One Slack block with the number of characters it shows and whether its text had to be cut. */
export interface Piece {
  block: SlackBlock;
  size: number;
  cut: boolean;
}

/** Verdict emoji, best to worst knowledge. */
export const VERDICT_EMOJI: Record<Verdict, string> = { ok: '✅', warn: '⚠️', crit: '🔴', timeout: '⏱️', error: '❗' };

/** Prefix of a button's action_id; clicks on other action ids are not zhiban's. */
export const ACTION_PREFIX = 'zhiban:';

const ELLIPSIS = '…';

/** Cuts an escaped string to `limit` characters without splitting an `&amp;`-style entity. */
function cutEscaped(s: string, limit: number): string {
  if (s.length <= limit) return s;
  return s.slice(0, limit - ELLIPSIS.length).replace(/&[a-z]{0,4}$/, '') + ELLIPSIS;
}

/** Cuts a plain (unescaped) string to `limit` characters. */
function cutPlain(s: string, limit: number): string {
  return s.length <= limit ? s : s.slice(0, limit - ELLIPSIS.length) + ELLIPSIS;
}

/**
 * Joins lines up to `limit` characters, cutting at a line boundary (or inside one long line) with
 * a visible `…`. Lines are taken as mrkdwn-escaped (an `&amp;` entity is never split) unless `plain` is set.
 */
export function fitLines(lines: string[], limit: number, plain = false): { text: string; cut: boolean } {
  const whole = lines.join('\n');
  if (whole.length <= limit) return { text: whole, cut: false };
  const room = limit - ELLIPSIS.length - 1;
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const add = line.length + (kept.length > 0 ? 1 : 0);
    if (used + add > room) break;
    kept.push(line);
    used += add;
  }
  if (kept.length === 0) return { text: (plain ? cutPlain : cutEscaped)(lines[0] ?? '', limit), cut: true };
  return { text: `${kept.join('\n')}\n${ELLIPSIS}`, cut: true };
}

const mrkdwn = (text: string): S.MrkdwnElement => ({ type: 'mrkdwn', text });
/** Text shown exactly as given: no mrkdwn (`*`, `_`, `~`, `` ` ``), no mentions or links, no `:emoji:` codes. */
const literal = (text: string): S.PlainTextElement => ({ type: 'plain_text', text, emoji: false });

/** A section of zhiban's own mrkdwn (user values in it already escaped). */
function section(text: string): Piece {
  const fit = fitLines([text], SLACK_LIMITS.sectionText);
  return { block: { type: 'section', text: mrkdwn(fit.text) }, size: fit.text.length, cut: fit.cut };
}

/** A section of text that may carry user values, shown literally (plain_text). */
function plainSection(text: string): Piece {
  const fit = fitLines(text.split('\n'), SLACK_LIMITS.sectionText, true);
  return { block: { type: 'section', text: literal(fit.text) }, size: fit.text.length, cut: fit.cut };
}

/** A code block: escaped, with fences inside the text defused so they cannot end the block early. */
function codeSection(code: string, title?: string): Piece {
  const head = title ? `*${escapeMrkdwn(title)}*\n` : '';
  const fence = '```';
  const room = SLACK_LIMITS.sectionText - head.length - 2 * fence.length;
  const lines = escapeMrkdwn(code.replace(/```/g, '`\u200b``')).split('\n');
  const { text, cut } = fitLines(lines, room);
  const full = `${head}${fence}${text}${fence}`;
  return { block: { type: 'section', text: mrkdwn(full) }, size: full.length, cut };
}

function heading(text: string): Piece {
  if (text.length <= SLACK_LIMITS.headerText) {
    return { block: { type: 'header', text: { type: 'plain_text', text, emoji: true } }, size: text.length, cut: false };
  }
  return section(`*${escapeMrkdwn(text)}*`);
}

function fields(list: Array<{ label: string; value: string }>): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < list.length; i += SLACK_LIMITS.fieldsPerSection) {
    let size = 0;
    let cut = false;
    const els = list.slice(i, i + SLACK_LIMITS.fieldsPerSection).map((f) => {
      const full = `${f.label}\n${f.value || '—'}`;
      const text = cutPlain(full, SLACK_LIMITS.fieldText);
      cut ||= text !== full;
      size += text.length;
      return literal(text);
    });
    out.push({ block: { type: 'section', fields: els }, size, cut });
  }
  return out;
}

function buttons(list: Button[], counter: { n: number }): Piece[] {
  const usable = list.filter((b) => b.command && b.command.length <= SLACK_LIMITS.buttonValue);
  const out: Piece[] = [];
  for (let i = 0; i < usable.length; i += SLACK_LIMITS.buttonsPerBlock) {
    const els = usable.slice(i, i + SLACK_LIMITS.buttonsPerBlock).map((b): S.Button => {
      const label = b.label.length > SLACK_LIMITS.buttonText ? b.label.slice(0, SLACK_LIMITS.buttonText - 1) + ELLIPSIS : b.label;
      return {
        type: 'button',
        action_id: `${ACTION_PREFIX}${counter.n++}:${b.id}`.slice(0, SLACK_LIMITS.actionId),
        text: { type: 'plain_text', text: label, emoji: true },
        value: b.command!,
        ...(b.style ? { style: b.style } : {}),
      };
    });
    out.push({ block: { type: 'actions', elements: els }, size: els.reduce((n, e) => n + e.text.text.length, 0), cut: false });
  }
  return out;
}

/**
 * Converts one neutral block into Block Kit blocks, each within Slack's per-block limits
 * (text cut with `…` and `cut` set when it did not fit). Text, context, fields and verdicts may
 * carry user values (titles, patterns, SQL, probe output), so they are plain_text and show every
 * character as typed; code and tables stay in ``` fences; headings keep their formatting.
 * Buttons carry their command as the value, so a click can be replayed as that command;
 * buttons without one are left out.
 */
export function toSlackBlocks(b: Block, counter: { n: number }): Piece[] {
  switch (b.type) {
    case 'heading':
      return [heading(b.text)];
    case 'text':
      return [plainSection(b.text)];
    case 'context': {
      const { text, cut } = fitLines(b.text.split('\n'), SLACK_LIMITS.sectionText, true);
      return [{ block: { type: 'context', elements: [literal(text)] }, size: text.length, cut }];
    }
    case 'fields':
      return fields(b.fields);
    case 'code':
      return [codeSection(b.text, b.title)];
    case 'table':
      return [codeSection(renderTable(b.columns, b.rows, PLAIN).join('\n'))];
    case 'verdicts':
      return [plainSection(b.rows.map((r) => `${VERDICT_EMOJI[r.verdict]} ${r.name} — ${r.summary}`).join('\n'))];
    case 'buttons':
      return buttons(b.buttons, counter);
  }
}
