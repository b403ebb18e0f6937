import type { Clock } from '../../core/clock.js';
import type { Locale, Translator } from '../../core/i18n/index.js';
import type { Incident } from '../../core/incidents/model.js';
import { incidentCard } from '../../core/incidents/view.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import type { Store } from '../../store/port.js';
import { KeyedQueue } from '../../store/keyed-queue.js';
import type { Inflight } from './inflight.js';
import { renderReply } from './render.js';
import { slackErrorCode, type WebClient } from './web.js';

/** Store record kind holding where an incident's Slack card is (`{ channel, ts }`, by incident id). */
export const CARD_RECORD = 'slack-card';

/** Where an incident's card message lives. */
export interface CardRef {
  channel: string;
  ts: string;
}

/** What keeping cards up to date needs. */
export interface CardSyncDeps {
  web: WebClient;
  store: Store;
  clock: Clock;
  logger: Logger;
  inflight: Inflight;
  t: Translator;
  locale: Locale;
  timeZone: string;
  /** Removes secrets from a card before it is rendered (the app's Redactor). */
  redact: (card: Reply) => Reply;
}

/**
 * Keeps one card per incident declared on Slack, in the channel where it was declared: posted
 * once (chat.postMessage), then edited in place (chat.update) on every change. The card's
 * `{channel, ts}` is a store record written by compare-and-set, so a restart (or another replica)
 * keeps editing the same message; a replica that lost the race deletes its duplicate. Updates of
 * one incident run one at a time and collapse to the latest state; failures are logged only.
 * Every card passes through `redact` first: a secret typed into a title never reaches Slack.
 */
export class CardSync {
  private readonly queue = new KeyedQueue();
  private readonly latest = new Map<string, Incident>();
  private stopped = false;

  constructor(private readonly deps: CardSyncDeps) {}

  /** Incident listener: schedules a card refresh for incidents declared on Slack. Never blocks or throws. */
  onChange(inc: Incident): void {
    if (this.stopped || inc.platform !== 'slack' || !inc.channel) return;
    const queued = this.latest.has(inc.id);
    this.latest.set(inc.id, inc);
    if (queued) return;
    void this.deps.inflight.track(this.queue.run(inc.id, () => this.flush(inc.id)));
  }

  /** No new refreshes after this; those already scheduled still finish. */
  stop(): void {
    this.stopped = true;
  }

  private async flush(id: string): Promise<void> {
    const inc = this.latest.get(id);
    this.latest.delete(id);
    if (!inc) return;
    try {
      await this.sync(inc);
    } catch (err) {
      this.deps.logger.error('slack incident card not updated', { incident: id, channel: inc.channel, error: slackErrorCode(err) });
    }
  }

  private async sync(inc: Incident): Promise<void> {
    const { web, store, clock, t, locale, timeZone, redact } = this.deps;
    const { message } = renderReply(redact(incidentCard({ t, locale, timeZone, now: clock.now() }, inc)), t);
    const rec = await store.getRecord<CardRef>(CARD_RECORD, inc.id);
    if (rec) {
      try {
        await web.chat.update({ channel: rec.value.channel, ts: rec.value.ts, ...message });
        return;
      } catch (err) {
        if (slackErrorCode(err) !== 'message_not_found') throw err;
        this.deps.logger.warn('slack incident card was deleted; posting a new one', { incident: inc.id });
      }
    }
    const posted = await web.chat.postMessage({ channel: inc.channel, ...message });
    if (!posted.ts) throw new Error('chat.postMessage answered without a message ts');
    const ref: CardRef = { channel: posted.channel ?? inc.channel, ts: posted.ts };
    if ((await store.putRecord(CARD_RECORD, inc.id, ref, rec?.version ?? 0)) !== undefined) return;
    await web.chat.delete({ channel: ref.channel, ts: ref.ts });
    const winner = await store.getRecord<CardRef>(CARD_RECORD, inc.id);
    if (winner) await web.chat.update({ channel: winner.value.channel, ts: winner.value.ts, ...message });
  }
}
