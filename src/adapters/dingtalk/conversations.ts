import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/port.js';

/** Store record kind: a one-to-one conversation's person (`{ staffId }`), so answers reach them after a restart. */
export const SINGLE_CHAT_RECORD = 'dingtalk-single-chat';
/** A session webhook is not used within this long of its expiry (the post could arrive too late). */
export const SESSION_MARGIN_MS = 5_000;

/** A DingTalk conversation zhiban answers in: a group, or a one-to-one chat with `staffId`. */
export interface Conversation {
  id: string;
  kind: 'group' | 'single';
  staffId?: string;
}

/** A message's session webhook: lets the robot answer in its conversation until `expiresAt`, without a token. */
export interface Session {
  url: string;
  expiresAt: number;
}

/**
 * A store record id for a DingTalk id (conversation ids, message ids): the id itself when it is a
 * valid store name, else `sha256.` + its hex digest (DingTalk ids may contain `+`, `/` and `=`).
 */
export function recordId(id: string): string {
  return /^[A-Za-z0-9_-]{1,120}$/.test(id) ? id : `sha256.${createHash('sha256').update(id).digest('hex')}`;
}

/**
 * What zhiban knows about the conversations it was spoken to in: which are one-to-one chats (and
 * with whom: kept in the store, because answers there go by staff id) and each conversation's
 * latest session webhook (kept in memory only: it is a credential and expires within hours).
 */
export class ConversationBook {
  private readonly sessions = new Map<string, Session>();
  private readonly singles = new Map<string, string>();

  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** Remembers a conversation seen in an incoming message, and its session webhook. */
  async remember(conv: Conversation, session?: Session): Promise<void> {
    if (session) this.sessions.set(conv.id, session);
    if (conv.kind !== 'single' || !conv.staffId || this.singles.get(conv.id) === conv.staffId) return;
    this.singles.set(conv.id, conv.staffId);
    const id = recordId(conv.id);
    const rec = await this.deps.store.getRecord<{ staffId: string }>(SINGLE_CHAT_RECORD, id);
    if (rec?.value.staffId !== conv.staffId) await this.deps.store.putRecord(SINGLE_CHAT_RECORD, id, { staffId: conv.staffId }, rec?.version ?? 0);
  }

  /** The conversation with this id: a one-to-one chat if zhiban was told so, else a group. */
  async lookup(id: string): Promise<Conversation> {
    const staffId = this.singles.get(id) ?? (await this.deps.store.getRecord<{ staffId: string }>(SINGLE_CHAT_RECORD, recordId(id)))?.value.staffId;
    return staffId ? { id, kind: 'single', staffId } : { id, kind: 'group' };
  }

  /** The conversation's session webhook while it is still valid. */
  session(id: string): Session | undefined {
    const s = this.sessions.get(id);
    if (s && s.expiresAt > this.deps.clock.now() + SESSION_MARGIN_MS) return s;
    if (s) this.sessions.delete(id);
    return undefined;
  }
}
