import { createHash, randomBytes } from 'node:crypto';
import type { App as BoltApp } from '@slack/bolt';
import type { Clock } from '../../core/clock.js';
import type { Translator } from '../../core/i18n/index.js';
import type { Invocation } from '../../core/invocation.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import type { Directory } from '../../core/users.js';
import type { Store } from '../../store/port.js';
import { ACTION_PREFIX, SLACK_LIMITS } from './blocks.js';
import type { Delivery, Destination } from './deliver.js';
import type { Inflight } from '../../runtime/inflight.js';
import { Deduper } from './inflight.js';
import { plainCommandText, stripBotMention } from './text.js';

/** How long an event id is remembered to skip Slack's retries of it (Slack retries for about 5 minutes). */
export const EVENT_MEMORY_MS = 60 * 60_000;
/** Two clicks of the same button on the same message by the same person within this window run once. */
export const CLICK_WINDOW_MS = 10_000;
/** Store record kind claiming a Slack event or slash command (by `eventRecordId`), so each runs once across replicas and restarts. */
export const EVENT_RECORD = 'slack-event';
/** How long an event claim is kept: far beyond Slack's retries (within the hour) and signature window (5 min); then it expires. */
export const CLAIM_TTL_MS = 24 * 60 * 60_000;

/**
 * The store record id for a Slack event_id: the id itself when it is made of letters, digits,
 * `_` and `-` (Slack's `Ev…` ids), else `sha256.` + its hex digest (a valid store name that no
 * id kept as-is can equal); undefined when there is no event_id.
 */
export function eventRecordId(eventId: unknown): string | undefined {
  if (typeof eventId !== 'string' || eventId === '') return undefined;
  if (/^[A-Za-z0-9_-]{1,128}$/.test(eventId)) return eventId;
  return `sha256.${createHash('sha256').update(eventId).digest('hex')}`;
}

/** The names of zhiban's slash commands (the registry, or anything that lists them). */
export interface SlashCommandList {
  slashCommands(): string[];
}

/** What the listeners need; none of it is a Bolt object, so core never sees one. */
export interface ListenerDeps {
  dispatch(inv: Invocation): Promise<Reply>;
  directory: Directory;
  commands: SlashCommandList;
  /** Where delivered events are claimed (shared by every replica). */
  store: Store;
  delivery: Delivery;
  logger: Logger;
  clock: Clock;
  inflight: Inflight;
  t: Translator;
  /** Runs what follows an ack under the runtime's bound on such work (default: at once). */
  afterAck?: (work: (dispatch: ListenerDeps['dispatch']) => Promise<void>) => Promise<void>;
}

/**
 * True when a button value is a zhiban command line: `/` + a registered slash command, one
 * line, within Slack's value limit. Anything else is never dispatched.
 */
export function isZhibanCommand(value: string, registry: SlashCommandList): boolean {
  if (!value.startsWith('/') || value.length > SLACK_LIMITS.buttonValue || /[\r\n]/.test(value)) return false;
  const first = value.slice(1).split(/\s/, 1)[0]!.toLowerCase();
  return registry.slashCommands().includes(first);
}

/**
 * Wires Slack's three ways in to the dispatcher: slash commands, `@zhiban <command>` mentions
 * and button clicks. Each is acknowledged first (commands and clicks by their listener, events
 * by Bolt), then turned into an Invocation for the person who acted and dispatched; the reply
 * goes back through `Delivery`. A double click is run once per process; an event is run only by
 * whoever first claims its event_id in the store (create-if-absent), and a slash command likewise
 * by its trigger_id, so a retry or a replayed request that reaches another replica or arrives
 * after a restart is skipped too. A store that cannot record the claim runs nothing and gives the
 * asker a reference id.
 */
export function registerListeners(bolt: BoltApp, deps: ListenerDeps): void {
  const events = new Deduper(EVENT_MEMORY_MS);
  const clicks = new Deduper(CLICK_WINDOW_MS);
  const log = deps.logger;
  const queue = deps.afterAck ?? ((work: (dispatch: ListenerDeps['dispatch']) => Promise<void>): Promise<void> => work((inv) => deps.dispatch(inv)));
  /**
   * Queues what follows an ack and returns at once: Bolt then lets go of the request (its body,
   * context and HTTP objects), so a burst of queued deliveries holds only what each one needs.
   * The work is tracked for shutdown; a failure is logged like a listener's.
   */
  const later = (work: (dispatch: ListenerDeps['dispatch']) => Promise<void>): void =>
    void deps.inflight.track(queue(work)).catch((err: unknown) => log.error('slack listener failed', { error: (err as Error)?.message }));
  const zhibanId = (slackId: string): string | undefined => {
    const u = deps.directory.resolve('slack', slackId);
    return u.known ? u.id : undefined;
  };
  /** Runs the command and delivers its answer (inside `later`, which tracks it for shutdown). */
  const run = async (inv: Invocation, to: Destination, dispatch: ListenerDeps['dispatch']): Promise<void> => {
    await deps.delivery.deliver(await dispatch(inv), to);
  };

  /**
   * True when this process is the first to see the delivery (memory fast path, then the store); false
   * for a repeat. Throws when the store fails. The claim need not outlive a machine crash (`durable:
   * false`): Slack retries within minutes and refuses a request signed more than 5 minutes ago.
   */
  const claim = async (id: string): Promise<boolean> => {
    if (!events.firstSeen(id, deps.clock.now())) return false;
    const at = deps.clock.now();
    return (await deps.store.putRecord(EVENT_RECORD, id, { at }, 0, { expiresAt: at + CLAIM_TTL_MS, durable: false })) !== undefined;
  };

  /** Claims `id`, or tells the asker a reference (store down) and logs why nothing ran; true when this delivery should run. */
  const claimOrTell = async (id: string, to: Destination, what: string, retry?: number): Promise<boolean> => {
    try {
      if (await claim(id)) return true;
      log.info(`slack ${what} already handled; retry skipped`, { eventId: id, retry });
    } catch (err) {
      const ref = randomBytes(4).toString('hex');
      log.error(`slack ${what} could not be claimed in the store; not run`, { ref, eventId: id, error: (err as Error)?.message });
      await deps.delivery.tell(to, deps.t('error.internal', { ref }));
    }
    return false;
  };

  bolt.command(/^\/[\w-]+$/, async ({ command, ack, respond }) => {
    await ack();
    later(async (dispatch) => {
      const to: Destination = { via: 'response_url', respond, channel: command.channel_id, user: command.user_id };
      const id = eventRecordId(`command.${command.trigger_id}`);
      if (id && !(await claimOrTell(id, to, 'command'))) return;
      const text = plainCommandText(`${command.command} ${command.text ?? ''}`, zhibanId);
      const actor = { platformId: command.user_id, displayName: command.user_name };
      await run({ platform: 'slack', actor, channel: command.channel_id, text, deliveryId: command.trigger_id }, to, dispatch);
    });
  });

  bolt.event('app_mention', async ({ event, body, context }) => {
    if (!event.user) return;
    const id = eventRecordId(body.event_id);
    if (!id) {
      log.warn('slack event without an event_id ignored', { channel: event.channel });
      return;
    }
    const to: Destination = { via: 'channel', channel: event.channel, user: event.user, threadTs: event.thread_ts ?? event.ts };
    const user = event.user;
    later(async (dispatch) => {
      if (!(await claimOrTell(id, to, 'event', context.retryNum))) return;
      const text = plainCommandText(stripBotMention(event.text, context.botUserId), zhibanId);
      await run({ platform: 'slack', actor: { platformId: user }, channel: event.channel, text, deliveryId: body.event_id }, to, dispatch);
    });
  });

  bolt.action({ type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX}`) }, async ({ ack, body, action, respond }) => {
    await ack();
    const channel = body.channel?.id ?? (body.container as { channel_id?: string }).channel_id ?? '';
    const user = (body.user as { id?: unknown } | undefined)?.id;
    if (typeof user !== 'string') {
      log.warn('slack click without a user ignored', { channel });
      return;
    }
    const to: Destination = { via: 'response_url', respond, channel, user, replaceOriginal: true };
    const value = action.type === 'button' ? (action.value ?? '') : '';
    if (!isZhibanCommand(value, deps.commands)) {
      log.warn('slack button without a zhiban command ignored', { user, value: value.slice(0, 80) });
      await deps.delivery.tell(to, deps.t('slack.badButton'));
      return;
    }
    const ts = body.message?.ts ?? (body.container as { message_ts?: string }).message_ts ?? '';
    if (!clicks.firstSeen(`${user}|${channel}|${ts}|${value}`, deps.clock.now())) {
      log.info('repeated slack click ignored', { user, command: value });
      return;
    }
    const actor = { platformId: user, ...(body.user?.name ? { displayName: body.user.name } : {}) };
    later((dispatch) => run({ platform: 'slack', actor, channel, text: value, deliveryId: action.action_ts }, to, dispatch));
  });

  bolt.error(async (err) => {
    log.error('slack listener failed', { error: err.message, code: err.code });
  });
}
