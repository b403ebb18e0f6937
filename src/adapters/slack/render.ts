import type { types as S } from '@slack/bolt';
import type { Translator } from '../../core/i18n/index.js';
import type { Block, Reply, Tone } from '../../core/reply.js';
import { sanitizeReply } from '../../core/sanitize.js';
import { PLAIN, renderText } from '../../render/text.js';
import { SLACK_LIMITS, toSlackBlocks, type Piece, type SlackBlock } from './blocks.js';
import { escapeMrkdwn } from './text.js';

/** Name of the file a cut reply's full text is attached as. */
export const OVERFLOW_FILE = 'zhiban-output.txt';

/** A message as chat.postMessage / chat.update / response_url take it. */
export interface SlackMessage {
  /** Notification and fallback text (mrkdwn, escaped). */
  text: string;
  blocks: SlackBlock[];
  attachments?: S.MessageAttachment[];
}

/** A rendered reply; `overflow` is set when something was cut, holding the full reply as plain text. */
export interface RenderedReply {
  message: SlackMessage;
  overflow?: { filename: string; content: string };
}

/** Attachment colour of an incident card by tone (severity while open, green once resolved). */
export const TONE_COLOR: Record<Tone, string> = { danger: '#d9342b', warning: '#f2a51a', info: '#2f80ed', success: '#2eb67d' };
const TONE_EMOJI: Record<Tone, string> = { danger: '🔴', warning: '🟠', info: '🔵', success: '✅' };
const REFUSED = '⛔';
const FALLBACK_CHARS = 300;

/** Marks the reply at its first line: ⛔ for a refusal, the tone's emoji for an incident card. */
function marked(reply: Reply): Block[] {
  const blocks = reply.blocks.map((b) => ({ ...b }));
  const mark = !reply.ok ? REFUSED : reply.incidentId ? TONE_EMOJI[reply.tone] : undefined;
  if (!mark) return blocks;
  const target = reply.ok ? blocks.find((b) => b.type === 'heading') : blocks.find((b) => b.type === 'text' || b.type === 'heading');
  if (target && (target.type === 'heading' || target.type === 'text')) target.text = `${mark} ${target.text}`;
  return blocks;
}

function fallbackText(blocks: Block[]): string {
  const first = blocks.find((b) => b.type === 'heading' || b.type === 'text');
  const line = (first && 'text' in first ? first.text : '').split('\n')[0] ?? '';
  const short = line.length > FALLBACK_CHARS ? `${line.slice(0, FALLBACK_CHARS - 1)}…` : line;
  return escapeMrkdwn(short || 'zhiban');
}

/** Keeps whole pieces within the block and character budgets; reports whether anything was left out or cut. */
function withinBudget(pieces: Piece[], markerSize: number): { kept: Piece[]; truncated: boolean } {
  const total = pieces.reduce((n, p) => n + p.size, 0);
  const cut = pieces.some((p) => p.cut);
  if (!cut && pieces.length <= SLACK_LIMITS.blocks && total <= SLACK_LIMITS.messageText) return { kept: pieces, truncated: false };
  const kept: Piece[] = [];
  let used = markerSize;
  for (const p of pieces) {
    if (kept.length >= SLACK_LIMITS.blocks - 1 || used + p.size > SLACK_LIMITS.messageText) break;
    kept.push(p);
    used += p.size;
  }
  return { kept, truncated: true };
}

/**
 * Renders a neutral reply as a Block Kit message within Slack's limits: at most 50 blocks,
 * 3,000 characters per section and 40,000 per message. When anything had to be cut, the
 * message ends with a visible marker (in the translator's language) and `overflow` holds the
 * whole reply as plain text to attach as a file — unless `attach` is false (uploads are failing),
 * then the marker points to `zhiban exec` instead. An incident card keeps its heading on top and
 * its details in an attachment coloured by tone; a refusal starts with ⛔.
 * Control and bidi characters are shown as visible escapes (`sanitizeReply`).
 */
export function renderReply(shown: Reply, t: Translator, opts: { attach?: boolean } = {}): RenderedReply {
  const attach = opts.attach ?? true;
  const reply = sanitizeReply(shown);
  const blocks = marked(reply);
  const counter = { n: 0 };
  const pieces = blocks.flatMap((b) => toSlackBlocks(b, counter));
  const markerText = attach ? t('slack.truncated', { file: OVERFLOW_FILE }) : t('slack.truncatedNoFile');
  const { kept, truncated } = withinBudget(pieces, markerText.length);
  const out = kept.map((p) => p.block);
  if (truncated) out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(markerText) }] });
  const calls = slackMentions(reply);
  if (calls && out.length < SLACK_LIMITS.blocks) out.unshift({ type: 'section', text: { type: 'mrkdwn', text: calls } });
  const text = calls ? `${calls} ${fallbackText(blocks)}` : fallbackText(blocks);
  const message = layout(out, reply, text);
  return truncated && attach ? { message, overflow: { filename: OVERFLOW_FILE, content: renderText(reply, PLAIN) } } : { message };
}

/** Slack user ids look like U0123ABC / W0123ABC; anything else is never turned into mention markup. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** `<@U…> <@U…>` for the reply's mentions that have a well-formed Slack id; '' when none. */
function slackMentions(reply: Reply): string {
  const ids = [...new Set((reply.mentions ?? []).flatMap((m) => (m.slack && SLACK_USER_ID.test(m.slack) ? [m.slack] : [])))];
  return ids.map((id) => `<@${id}>`).join(' ');
}

/** Incident cards: blocks up to the heading stay on top, the rest goes into a coloured attachment. */
function layout(blocks: SlackBlock[], reply: Reply, text: string): SlackMessage {
  const headerAt = blocks.findIndex((b) => b.type === 'header');
  if (!reply.incidentId || headerAt < 0 || headerAt === blocks.length - 1) return { text, blocks };
  return {
    text,
    blocks: blocks.slice(0, headerAt + 1),
    attachments: [{ color: TONE_COLOR[reply.tone], fallback: text, blocks: blocks.slice(headerAt + 1) }],
  };
}
