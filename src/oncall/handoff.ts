import type { ApprovalService } from '../core/approvals/service.js';
import type { Clock } from '../core/clock.js';
import type { Locale } from '../core/i18n/index.js';
import { translator } from '../core/i18n/index.js';
import { isOpen } from '../core/incidents/model.js';
import type { IncidentService } from '../core/incidents/service.js';
import type { Logger } from '../core/logger.js';
import { PAGING_EVENT, type PageTarget } from '../core/paging/model.js';
import type { Directory } from '../core/users.js';
import type { Store } from '../store/port.js';
import { zoneLabel, zoneStamp } from './parse-time.js';
import type { Rotation } from './rotation.js';
import type { Schedules } from './schedule.js';

/** Store timer kind of hand-off notes (one timer per rotation and hand-off instant). */
export const HANDOFF_TIMER = 'oncall.handoff';
/** Store record kind that claims one hand-off note, so it is posted once across replicas and retries. */
const HANDOFF_KIND = 'oncall.handoff';
const DAY = 86_400_000;
/**
 * How long a process without the channel's platform leaves a due note to a process that has it
 * (re-checking every minute); after that it writes the note to its log rather than lose it.
 */
const WAIT_FOR_PLATFORM_MS = 10 * 60_000;

/** Posts a text in a conversation of a chat platform; false when that platform is not connected or refused. */
export type NotePoster = (platform: 'slack' | 'dingtalk', conversation: string, text: string) => Promise<boolean>;

/** What hand-off notes need. */
export interface HandoffDeps {
  store: Store;
  clock: Clock;
  schedules: Schedules;
  directory: Directory;
  incidents: IncidentService;
  approvals: ApprovalService;
  logger: Logger;
  locale: (platform: 'slack' | 'dingtalk' | undefined) => Locale;
  post: NotePoster;
  /** Whether this process has the chat platform connected (a console or `zhiban exec` does not). */
  connected: (platform: 'slack' | 'dingtalk') => boolean;
}

/**
 * Hand-off notes: at each hand-off of a rotation, the outgoing and incoming person, the open
 * incidents, the pending approvals and the last 24 h of pages, posted to the rotation's channel
 * (or written to the log when it has none, or when no process connected to its platform took it
 * within 10 minutes). Each hand-off is a
 * store timer, so a restart or a second replica never loses or doubles one; the next one is
 * scheduled when a note fires and at start-up when missing.
 */
export class HandoffNotes {
  constructor(private readonly deps: HandoffDeps) {}

  /** Schedules the next hand-off of every rotation that has no pending hand-off timer. */
  async ensureTimers(): Promise<void> {
    const timers = await this.deps.store.listTimers();
    const now = this.deps.clock.now();
    for (const r of this.deps.schedules.rotations) {
      if (timers.some((t) => t.kind === HANDOFF_TIMER && t.payload.rotation === r.name)) continue;
      await this.arm(r, r.nextHandoff(now));
    }
  }

  /** Runs a fired hand-off timer: posts its note once (unless a later hand-off already passed), then arms the next. */
  async fire(payload: Record<string, unknown>): Promise<void> {
    const r = this.deps.schedules.rotations.find((x) => x.name === payload.rotation);
    if (!r) return;
    const at = Number(payload.at);
    const now = this.deps.clock.now();
    const current = r.shiftAt(at).from === at && now < r.nextHandoff(at);
    const channel = r.config.channel;
    if (current && channel && !this.deps.connected(channel.platform) && now < at + WAIT_FOR_PLATFORM_MS) {
      await this.deps.store.scheduleTimer({ id: timerId(r, at), dueAt: now + 60_000, kind: HANDOFF_TIMER, payload: { rotation: r.name, at } });
      return;
    }
    if (current && (await this.deps.store.putRecord(HANDOFF_KIND, `${r.name}.${at}`, { at: now }, 0)) !== undefined) {
      const text = (await this.note(this.deps.locale(channel?.platform), r, at)).join('\n');
      const posted = channel ? await this.deps.post(channel.platform, channel.id, text) : false;
      this.deps.logger.info(posted ? 'hand-off note posted' : 'hand-off note (not posted in a channel)', { rotation: r.name, at, ...(posted ? {} : { text }) });
    }
    await this.arm(r, r.nextHandoff(Math.max(now, at)));
  }

  /** The hand-off note of `r` for the hand-off at `at`, line by line. */
  async note(locale: Locale, r: Rotation, at: number): Promise<string[]> {
    const t = translator(locale);
    const overrides = await this.deps.schedules.overrides.list();
    const name = (id: string) => this.deps.directory.get(id)?.name ?? id;
    const outgoing = name(this.deps.schedules.who(r, overrides, at - 1).user);
    const incoming = name(this.deps.schedules.who(r, overrides, at).user);
    const none = t('oncall.none');
    const incidents = (await this.deps.incidents.list(1)).filter(isOpen).map((i) => `${i.id} ${i.severity} ${i.title} (${i.status})`);
    const pending = (await this.deps.approvals.open()).map((r) => r.value).filter((q) => q.state === 'pending').map((q) => `${q.id} ${q.kind} · ${q.incidentId} · ${name(q.requestedBy)}`);
    return [
      t('oncall.handoffHeading', { rotation: r.name, at: zoneStamp(at, r.zone, locale), zone: zoneLabel(at, r.zone), from: outgoing, to: incoming }),
      t('oncall.handoffIncidents', { list: incidents.join('; ') || none }),
      t('oncall.handoffApprovals', { list: pending.join('; ') || none }),
      t('oncall.handoffPages', { list: (await this.recentPages(r, locale)).join('; ') || none }),
    ];
  }

  /** Pages of the last 24 h, one entry per incident: how many, and whom. */
  private async recentPages(r: Rotation, locale: Locale): Promise<string[]> {
    const since = this.deps.clock.now() - DAY;
    const out: string[] = [];
    for (const inc of await this.deps.incidents.list(1)) {
      const pages = (await this.deps.incidents.timeline(inc.id)).filter((e) => e.type === PAGING_EVENT.paged && e.at >= since);
      if (pages.length === 0) continue;
      const people = [...new Set(pages.map((e) => (e.data.person as PageTarget).name))].join(', ');
      out.push(`${inc.id} ×${pages.length} (${people}), ${zoneStamp(pages.at(-1)!.at, r.zone, locale)}`);
    }
    return out;
  }

  private async arm(r: Rotation, at: number): Promise<void> {
    await this.deps.store.scheduleTimer({ id: timerId(r, at), dueAt: at, kind: HANDOFF_TIMER, payload: { rotation: r.name, at } });
  }
}

const timerId = (r: Rotation, at: number): string => `oncall.handoff.${r.name}.${at}`;
