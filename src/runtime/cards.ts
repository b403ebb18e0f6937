import type { Clock } from '../core/clock.js';
import { translator, type Locale } from '../core/i18n/index.js';
import type { Incident } from '../core/incidents/model.js';
import { incidentCard } from '../core/incidents/view.js';
import type { Logger } from '../core/logger.js';
import type { Platform } from '../core/invocation.js';
import type { Reply } from '../core/reply.js';
import type { Store } from '../store/port.js';
import { KeyedQueue } from '../store/keyed-queue.js';
import type { ChatAdapter, PostedRef } from './chat-adapter.js';
import { Inflight } from './inflight.js';

/** Store record kind holding where an incident's card is on `platform` (by incident id), e.g. `slack-card`. */
export function cardRecordKind(platform: string): string {
  return `${platform}-card`;
}

/** Where an incident's card message lives, as stored (a PostedRef without its platform, which the record kind names). */
export interface StoredCard {
  conversation: string;
  messageId: string;
}

/** The form Slack cards were stored in before cards were platform-neutral; still read, never written. */
interface LegacySlackCard {
  channel: string;
  ts: string;
}

type CardRecord = StoredCard | LegacySlackCard;

/** What keeping cards up to date needs. */
export interface CardKeeperDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  timeZone: string;
  /** The running adapter of a platform, if any. */
  adapterFor(platform: string): ChatAdapter | undefined;
  /** The language of a platform's cards. */
  localeFor(platform: Platform): Locale;
  /** Removes secrets from a card before it is rendered (the app's Redactor). */
  redact(card: Reply): Reply;
  /** Incidents to compare with their cards: the open ones and the recently resolved. */
  incidents(): Promise<Incident[]>;
}

/**
 * Keeps one card per incident declared on a chat platform, in the conversation where it was
 * declared: posted once (`deliver`), then edited in place (`update`) on every change. Where the
 * card is, is a store record written by compare-and-set, so a restart or another replica keeps
 * editing the same message; a replica that lost the race removes its duplicate. Updates of one
 * incident run one at a time and collapse to the latest state; failures are logged only. Cards
 * follow the store, not the process: `refresh` compares each incident's last event with the one
 * its card last showed, so changes made by another process (console, another replica) reach the
 * card too. Every card passes through `redact` first.
 */
export class CardKeeper {
  private readonly queue = new KeyedQueue();
  private readonly latest = new Map<string, { inc: Incident; mayPost: boolean }>();
  /** Incident id → the event count its card shows (this process's knowledge). */
  private readonly shown = new Map<string, number>();
  private readonly inflight = new Inflight();
  private stopped = false;

  constructor(private readonly deps: CardKeeperDeps) {}

  /** Incident listener: schedules a card refresh (posting the card if there is none yet). Never blocks or throws. */
  onChange(inc: Incident): void {
    this.schedule(inc, true);
  }

  /** Brings every card whose incident changed since it was last shown up to date; posts no new card. Never throws. */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    let incidents: Incident[];
    try {
      incidents = await this.deps.incidents();
    } catch (err) {
      this.deps.logger.warn('incident cards not refreshed', { error: (err as Error)?.message });
      return;
    }
    for (const inc of incidents) if (this.shown.get(inc.id) !== inc.eventCount) this.schedule(inc, false);
  }

  /** Resolves once every scheduled card change has finished. */
  idle(): Promise<void> {
    return this.inflight.idle();
  }

  /** No new card changes after this; those already scheduled still finish. */
  stop(): void {
    this.stopped = true;
  }

  private schedule(inc: Incident, mayPost: boolean): void {
    if (this.stopped || !inc.channel || !this.deps.adapterFor(inc.platform)) return;
    const queued = this.latest.get(inc.id);
    this.latest.set(inc.id, { inc, mayPost: mayPost || (queued?.mayPost ?? false) });
    if (queued) return;
    void this.inflight.track(this.queue.run(inc.id, () => this.flush(inc.id)));
  }

  private async flush(id: string): Promise<void> {
    const next = this.latest.get(id);
    this.latest.delete(id);
    const adapter = next && this.deps.adapterFor(next.inc.platform);
    if (!next || !adapter) return;
    try {
      await this.sync(adapter, next.inc, next.mayPost);
      this.shown.set(id, next.inc.eventCount);
    } catch (err) {
      this.deps.logger.error('incident card not updated', { incident: id, platform: adapter.platform, error: (err as Error)?.message });
    }
  }

  private async sync(adapter: ChatAdapter, inc: Incident, mayPost: boolean): Promise<void> {
    const { store, clock, timeZone } = this.deps;
    const locale = this.deps.localeFor(adapter.platform);
    const card = this.deps.redact(incidentCard({ t: translator(locale), locale, timeZone, now: clock.now() }, inc));
    const kind = cardRecordKind(adapter.platform);
    const rec = await store.getRecord<CardRecord>(kind, inc.id);
    if (rec) {
      if ((await adapter.update(refOf(adapter.platform, rec.value), card)) !== 'gone') return;
      this.deps.logger.warn('incident card was deleted; posting a new one', { incident: inc.id, platform: adapter.platform });
    } else if (!mayPost) {
      return;
    }
    const posted = await adapter.deliver({ kind: 'conversation', id: inc.channel }, card);
    if (!posted) return;
    const value: StoredCard = { conversation: posted.conversation, messageId: posted.messageId };
    if ((await store.putRecord(kind, inc.id, value, rec?.version ?? 0)) !== undefined) return;
    await adapter.remove?.(posted);
    const winner = await store.getRecord<CardRecord>(kind, inc.id);
    if (winner) await adapter.update(refOf(adapter.platform, winner.value), card);
  }
}

/** The PostedRef of a stored card record (either form). */
function refOf(platform: Platform, rec: CardRecord): PostedRef {
  return 'conversation' in rec ? { platform, ...rec } : { platform, conversation: rec.channel, messageId: rec.ts };
}
