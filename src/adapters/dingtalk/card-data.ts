import type { Translator } from '../../core/i18n/index.js';
import type { Button, Reply } from '../../core/reply.js';
import { blockMarkdown, bounded, escapeMarkdown, markedBlocks } from './markdown.js';

/** Buttons a card template has (variables `btn1…`, `btn2…`, `btn3…`); further buttons become text commands. */
export const CARD_BUTTON_SLOTS = ['btn1', 'btn2', 'btn3'] as const;
/** One button slot of the card template. */
export type ButtonSlot = (typeof CARD_BUTTON_SLOTS)[number];
/** Longest `content` variable (characters). */
export const CARD_CONTENT_MAX_CHARS = 3000;

/** A button shown on a card: which slot carries it and the command a click runs. */
export interface CardButton {
  slot: ButtonSlot;
  label: string;
  command: string;
}

/** A card's variables (`cardParamMap`: strings only, as DingTalk takes them) and the commands behind its buttons. */
export interface CardData {
  params: Record<string, string>;
  buttons: CardButton[];
}

/** True when the reply has a button that runs a command (those replies become interactive cards). */
export function hasButtons(reply: Reply): boolean {
  return reply.blocks.some((b) => b.type === 'buttons' && b.buttons.some((x) => x.command));
}

/**
 * The variables of zhiban's card template for `reply`: `title` (the heading, marked like in
 * markdown), `content` (everything else as escaped DingTalk markdown, with `note` appended),
 * `tone`, and per button slot `btnNLabel`, `btnNStyle` (primary | danger | normal) and
 * `btnNVisible` ("true" / "false"). A button click sends the slot name back as the `action`
 * callback parameter; what it runs stays on zhiban's side (`buttons`), so a click can only run
 * a command that was on the card.
 */
export function cardData(reply: Reply, t: Translator, note?: string): CardData {
  const blocks = markedBlocks(reply);
  const headingAt = blocks.findIndex((b) => b.type === 'heading');
  const title = headingAt >= 0 ? (blocks[headingAt] as { text: string }).text : 'zhiban';
  const usable: Button[] = blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.filter((x) => x.command) : []));
  const onCard = usable.slice(0, CARD_BUTTON_SLOTS.length);
  const rest = blocks.filter((b, i) => i !== headingAt && b.type !== 'buttons');
  const extra = usable.slice(CARD_BUTTON_SLOTS.length);
  const paragraphs = [
    ...rest.flatMap((b) => blockMarkdown(b, t)),
    ...(extra.length > 0 ? blockMarkdown({ type: 'buttons', buttons: extra }, t) : []),
    ...(note ? [escapeMarkdown(note)] : []),
  ];
  const params: Record<string, string> = {
    title,
    content: bounded(paragraphs, escapeMarkdown(t('dingtalk.truncated')), CARD_CONTENT_MAX_CHARS),
    tone: reply.tone,
  };
  const buttons: CardButton[] = [];
  CARD_BUTTON_SLOTS.forEach((slot, i) => {
    const b = onCard[i];
    params[`${slot}Label`] = b?.label ?? '';
    params[`${slot}Style`] = b?.style ?? 'normal';
    params[`${slot}Visible`] = b ? 'true' : 'false';
    if (b) buttons.push({ slot, label: b.label, command: b.command! });
  });
  return { params, buttons };
}
