import { expandAlias } from '../../core/aliases.js';

/** A robot message as DingTalk sends it on `/v1.0/im/bot/messages/get` (the fields zhiban reads). */
export interface RobotMessage {
  msgId: string;
  msgtype: string;
  conversationId: string;
  /** "1": one-to-one chat with the robot, "2": group. */
  conversationType: string;
  senderStaffId?: string;
  senderId?: string;
  senderNick?: string;
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
  text?: { content?: string };
  isInAtList?: boolean;
}

/** A click on an interactive card, from `/v1.0/card/instances/callback`. */
export interface CardClick {
  outTrackId: string;
  /** Staff id of the person who clicked. */
  userId: string;
  /** The button's `action` callback parameter (zhiban's templates send the button slot). */
  action: string;
}

/** The frame's data was not what DingTalk sends; the message says what was missing. */
export class BadFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadFrameError';
  }
}

function object(raw: unknown, what: string): Record<string, unknown> {
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw new BadFrameError(`${what} is not JSON`);
    }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new BadFrameError(`${what} is not an object`);
  return v as Record<string, unknown>;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Parses a robot message frame's `data` (a JSON string). Throws BadFrameError when a required field is missing. */
export function parseRobotMessage(data: unknown): RobotMessage {
  const d = object(data, 'robot message data');
  const msgId = text(d.msgId);
  const conversationId = text(d.conversationId);
  if (!msgId || !conversationId) throw new BadFrameError('robot message without msgId or conversationId');
  const content = d.text && typeof d.text === 'object' ? text((d.text as Record<string, unknown>).content) : undefined;
  const expires = Number(d.sessionWebhookExpiredTime);
  return {
    msgId,
    conversationId,
    msgtype: text(d.msgtype) ?? 'text',
    conversationType: text(d.conversationType) ?? '2',
    ...(text(d.senderStaffId) ? { senderStaffId: text(d.senderStaffId)! } : {}),
    ...(text(d.senderId) ? { senderId: text(d.senderId)! } : {}),
    ...(text(d.senderNick) ? { senderNick: text(d.senderNick)! } : {}),
    ...(text(d.sessionWebhook) ? { sessionWebhook: text(d.sessionWebhook)! } : {}),
    ...(Number.isFinite(expires) && expires > 0 ? { sessionWebhookExpiredTime: expires } : {}),
    ...(content !== undefined ? { text: { content } } : {}),
    ...(typeof d.isInAtList === 'boolean' ? { isInAtList: d.isInAtList } : {}),
  };
}

/**
 * Parses a card callback frame's `data`. DingTalk encodes it twice: `data` is a JSON string
 * whose `content` (and, in newer callbacks, `value`) is itself a JSON string holding
 * `cardPrivateData.params`. Throws BadFrameError when the card, the clicker or the action is missing.
 */
export function parseCardCallback(data: unknown): CardClick {
  const d = object(data, 'card callback data');
  const outTrackId = text(d.outTrackId);
  const userId = text(d.userId);
  if (!outTrackId || !userId) throw new BadFrameError('card callback without outTrackId or userId');
  for (const field of ['value', 'content']) {
    if (d[field] === undefined || d[field] === '') continue;
    const inner = object(d[field], `card callback ${field}`);
    const priv = inner.cardPrivateData && typeof inner.cardPrivateData === 'object' ? (inner.cardPrivateData as Record<string, unknown>) : {};
    const params = priv.params && typeof priv.params === 'object' ? (priv.params as Record<string, unknown>) : {};
    const action = text(params.action);
    if (action) return { outTrackId, userId, action };
  }
  throw new BadFrameError('card callback without an action parameter');
}

const LEADING_MENTIONS = /^(?:[\s\u00a0\u2005\u3000]*@[^\s\u00a0\u2005\u3000]+)*[\s\u00a0\u2005\u3000]*/;

/**
 * The command line in a message's text: leading @mentions (the robot's, as DingTalk leaves it)
 * and spaces removed, a leading Chinese alias expanded (`检查 mysql` → `check mysql`).
 */
export function commandText(content: string): string {
  return expandAlias(content.replace(LEADING_MENTIONS, '').replace(/[\u00a0\u2005\u3000]/g, ' '));
}

/** True when `text` is meant as a command: it starts with `/` or with a registered command's name. */
export function isCommand(text: string, commands: readonly string[]): boolean {
  if (text.startsWith('/')) return true;
  const first = text.split(/\s/, 1)[0]!.toLowerCase();
  return first !== '' && commands.includes(first);
}
