/** How a reply should feel; renderers map it to colour/emoji. */
export type Tone = 'info' | 'success' | 'warning' | 'danger';

/** Verdict of one diagnostic check, from best to worst knowledge. */
export type Verdict = 'ok' | 'warn' | 'crit' | 'timeout' | 'error';

/** A button the user can press; a click runs `command` as the person who clicked. */
export interface Button {
  id: string;
  label: string;
  style?: 'primary' | 'danger';
  /** The same action typed as a command, for platforms without buttons (console, DingTalk text). */
  command?: string;
}

/** One labelled value (rendered as a two-column field list). */
export interface Field {
  label: string;
  value: string;
}

/** A verdict row in a check result table. */
export interface VerdictRow {
  verdict: Verdict;
  name: string;
  summary: string;
}

/** The neutral building blocks of a reply; every adapter can render each of them. */
export type Block =
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: Field[] }
  | { type: 'code'; text: string; title?: string }
  | { type: 'table'; columns: string[]; rows: string[][] }
  | { type: 'verdicts'; rows: VerdictRow[] }
  | { type: 'buttons'; buttons: Button[] }
  | { type: 'context'; text: string };

/**
 * Who sees a reply on a shared platform: only the person who asked (`asker`: refusals, and
 * incident cards, since the channel shows the live card) or everybody in the conversation
 * (`channel`). Platforms without that distinction (console) ignore it.
 */
export type Audience = 'asker' | 'channel';

/**
 * A platform-neutral answer to an invocation. `ok` is false for refused or failed commands
 * (exec exits non-zero on it). `incidentId` marks a reply that is an incident card, so chat
 * adapters can keep one card per incident up to date. `audience` is decided by core, never by an adapter.
 */
export interface Reply {
  ok: boolean;
  tone: Tone;
  blocks: Block[];
  audience: Audience;
  incidentId?: string;
  /** People the message calls out (a page in the incident's channel): each platform @-mentions those it knows. */
  mentions?: MentionIds[];
}

/** One person's ids on the chat platforms, for an @-mention (a platform skips a person it has no id for). */
export interface MentionIds {
  slack?: string;
  dingtalk?: string;
}

/** Builds a successful reply from blocks: for the channel, or for the asker when it is an incident card. */
export function reply(blocks: Block[], tone: Tone = 'info', incidentId?: string): Reply {
  return incidentId ? { ok: true, tone, blocks, audience: 'asker', incidentId } : { ok: true, tone, blocks, audience: 'channel' };
}

/** Builds a refused/failed reply from blocks; a refusal is for the asker only. */
export function failure(blocks: Block[]): Reply {
  return { ok: false, tone: 'danger', blocks, audience: 'asker' };
}
