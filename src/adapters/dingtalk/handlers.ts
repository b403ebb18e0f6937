import { randomBytes } from 'node:crypto';
import type { DWClientDownStream } from 'dingtalk-stream';
import type { Clock } from '../../core/clock.js';
import type { Translator } from '../../core/i18n/index.js';
import type { Invocation } from '../../core/invocation.js';
import type { Logger } from '../../core/logger.js';
import { reply as okReply, type Reply } from '../../core/reply.js';
import type { Directory } from '../../core/users.js';
import type { Store } from '../../store/port.js';
import { recordId, type ConversationBook } from './conversations.js';
import { CARD_RECORD, type CardRecord, type DingTalkDelivery } from './delivery.js';
import { commandText, isCommand, parseCardCallback, parseRobotMessage } from './inbound.js';


/** How long a delivery claim is kept: DingTalk redelivers an unanswered frame for about a minute; a day is plenty. */
const DELIVERY_CLAIM_TTL_MS = 24 * 60 * 60_000;
/** Store record kind claiming a stream delivery (robot msgId, card callback messageId), so each runs once across redeliveries, replicas and restarts. */
export const DELIVERY_RECORD = 'dingtalk-delivery';

/** What the frame handlers need; none of it is an SDK object except the ack function. */
export interface HandlerDeps {
  /** Answers a frame so DingTalk does not redeliver it (the SDK's socketCallBackResponse). */
  ack(messageId: string): void;
  /** Runs one invocation through core (never throws). */
  dispatch(inv: Invocation): Promise<Reply>;
  directory: Directory;
  /** Names of zhiban's top-level commands. */
  slashCommands(): string[];
  store: Store;
  book: ConversationBook;
  delivery: DingTalkDelivery;
  logger: Logger;
  clock: Clock;
  t: Translator;
  /** Runs what follows an ack under the runtime's bound on such work (default: at once). */
  afterAck?: (work: (dispatch: HandlerDeps['dispatch']) => Promise<void>) => Promise<void>;
}

/** Runs what follows the ack of a frame: through the runtime's bound, with the dispatch it hands out (else at once). */
function afterAck(deps: HandlerDeps, work: (deps: HandlerDeps) => Promise<void>): Promise<void> {
  return deps.afterAck ? deps.afterAck((dispatch) => work({ ...deps, dispatch })) : work(deps);
}

const text = (t: string): Reply => okReply([{ type: 'text', text: t }]);

/**
 * Wraps an async frame handler for the SDK's event emitter: it never rejects (a rejecting
 * listener would be an unhandled rejection, which ends the process), failures are logged with
 * a reference id, and the work is registered with `track` for shutdown.
 */
export function guarded(name: string, handler: (frame: DWClientDownStream) => Promise<void>, logger: Logger, track: (work: Promise<unknown>) => void): (frame: DWClientDownStream) => void {
  return (frame) => {
    const work = Promise.resolve()
      .then(() => handler(frame))
      .catch((err: unknown) => {
        const e = err as Error;
        logger.error('dingtalk handler failed', { handler: name, ref: randomBytes(4).toString('hex'), messageId: frame?.headers?.messageId, error: e?.message ?? String(err), stack: e?.stack });
      });
    track(work);
  };
}

/** Adds how to get mapped to a refusal of someone zhiban does not know. */
function withStaffHint(r: Reply, deps: HandlerDeps, staffId: string): Reply {
  if (r.ok || deps.directory.resolve('dingtalk', staffId).known) return r;
  return { ...r, blocks: [...r.blocks, { type: 'context', text: deps.t('dingtalk.unknownStaff', { staffId }) }] };
}

/**
 * True when this process is the first to claim delivery `id` (create-if-absent in the store);
 * false for a repeat. When the store fails, `tell` gets the reference the error is logged under, and false.
 */
async function claim(deps: HandlerDeps, id: string, tell: (r: Reply) => Promise<unknown>): Promise<boolean> {
  try {
    const at = deps.clock.now();
    if ((await deps.store.putRecord(DELIVERY_RECORD, recordId(id), { at }, 0, { expiresAt: at + DELIVERY_CLAIM_TTL_MS, durable: false })) !== undefined) return true;
    deps.logger.info('dingtalk delivery already handled; redelivery skipped', { id });
  } catch (err) {
    const ref = randomBytes(4).toString('hex');
    deps.logger.error('dingtalk delivery could not be claimed in the store; not run', { ref, id, error: (err as Error)?.message });
    await tell(text(deps.t('error.internal', { ref })));
  }
  return false;
}

function ackFirst(deps: HandlerDeps, frame: DWClientDownStream): void {
  const id = frame?.headers?.messageId;
  if (typeof id === 'string' && id !== '') deps.ack(id);
}

/**
 * Robot messages (group @-mentions and one-to-one chats): answered at once, claimed by msgId
 * (a redelivery is skipped), then run as the sender. Text that is not a command gets a short
 * hint; a refusal @-mentions the sender. (The runtime keeps the incident's live card.)
 */
export function robotMessageHandler(deps: HandlerDeps): (frame: DWClientDownStream) => Promise<void> {
  return async (frame) => {
    ackFirst(deps, frame);
    await afterAck(deps, (d) => runRobotMessage(d, frame));
  };
}

/** What follows the ack of a robot message: remember the conversation, claim, run, answer. */
async function runRobotMessage(deps: HandlerDeps, frame: DWClientDownStream): Promise<void> {
  const msg = parseRobotMessage(frame.data);
  const staffId = msg.senderStaffId ?? msg.senderId ?? '';
  const single = msg.conversationType === '1';
  const conv = { id: msg.conversationId, kind: single ? ('single' as const) : ('group' as const), ...(single && staffId ? { staffId } : {}) };
  const session = msg.sessionWebhook && msg.sessionWebhookExpiredTime ? { url: msg.sessionWebhook, expiresAt: msg.sessionWebhookExpiredTime } : undefined;
  await deps.book.remember(conv, session);
  if (!(await claim(deps, msg.msgId, (r) => deps.delivery.post(conv.id, r, { mention: staffId })))) return;
  const line = commandText(msg.text?.content ?? '');
  if (msg.msgtype !== 'text' || !isCommand(line, deps.slashCommands())) {
    await deps.delivery.post(conv.id, text(deps.t('dingtalk.hint')), { mention: staffId });
    return;
  }
  const actor = { platformId: staffId, ...(msg.senderNick ? { displayName: msg.senderNick } : {}) };
  const answer = withStaffHint(await deps.dispatch({ platform: 'dingtalk', actor, channel: conv.id, text: line, deliveryId: msg.msgId }), deps, staffId);
  await deps.delivery.post(conv.id, answer, answer.ok ? {} : { mention: staffId });
}

/**
 * Card button clicks: answered at once (an unanswered callback is redelivered for about a
 * minute), claimed by messageId, then the command behind the clicked button is run as the
 * clicker. The card shows the click being worked on, then the outcome in place; a refusal puts
 * the card back and tells only the clicker (one-to-one). A button zhiban no longer knows runs nothing.
 */
export function cardCallbackHandler(deps: HandlerDeps): (frame: DWClientDownStream) => Promise<void> {
  return async (frame) => {
    ackFirst(deps, frame);
    await afterAck(deps, (d) => runCardClick(d, frame));
  };
}

/** What follows the ack of a card click: claim, find the button, run its command, show the outcome. */
async function runCardClick(deps: HandlerDeps, frame: DWClientDownStream): Promise<void> {
  const click = parseCardCallback(frame.data);
  const messageId = frame.headers.messageId;
  if (!(await claim(deps, messageId, (r) => deps.delivery.postToPerson(click.userId, r)))) return;
  const rec = await deps.store.getRecord<CardRecord>(CARD_RECORD, click.outTrackId);
  const button = rec?.value.buttons.find((b) => b.slot === click.action);
  if (!rec || !button) {
    deps.logger.warn('dingtalk click on a button zhiban does not know', { outTrackId: click.outTrackId, action: click.action.slice(0, 40) });
    await deps.delivery.postToPerson(click.userId, text(deps.t('dingtalk.staleButton')));
    return;
  }
  const who = deps.directory.resolve('dingtalk', click.userId).name;
  const previous = await deps.delivery.markWorking(click.outTrackId, deps.t('dingtalk.working', { user: who, label: button.label })).catch((err: unknown) => {
    deps.logger.warn('dingtalk card not marked as working', { outTrackId: click.outTrackId, error: (err as Error)?.message });
    return undefined;
  });
  const answer = await deps.dispatch({ platform: 'dingtalk', actor: { platformId: click.userId }, channel: rec.value.conversation, text: button.command, deliveryId: messageId });
  if (!answer.ok) {
    if (previous) {
      await deps.delivery.restoreCard(click.outTrackId, previous).catch((err: unknown) => {
        deps.logger.warn('dingtalk card not restored after a refused click', { outTrackId: click.outTrackId, error: (err as Error)?.message });
      });
    }
    await deps.delivery.postToPerson(click.userId, withStaffHint(answer, deps, click.userId));
    return;
  }
  try {
    await deps.delivery.updateCard(click.outTrackId, answer);
  } catch (err) {
    deps.logger.warn('dingtalk card not updated after a click; posting the answer', { outTrackId: click.outTrackId, error: (err as Error)?.message });
    await deps.delivery.post(rec.value.conversation, answer);
  }
}
