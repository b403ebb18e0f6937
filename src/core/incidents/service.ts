import type { Clock } from '../clock.js';
import { silentLogger, type Logger } from '../logger.js';
import { UserError } from '../errors.js';
import type { Platform } from '../invocation.js';
import type { Directory, ZhibanUser } from '../users.js';
import { dayStamp } from '../time.js';
import type { IncidentSummary, NewEvent, Store, StoredEvent } from '../../store/port.js';
import { apply, EVENT, isOpen, type Incident } from './model.js';
import { readPage, type TimelinePage, type PageRequest } from './timeline-page.js';
import type { Severity } from './severity.js';
import type { IncidentRole, Status } from './status.js';

/** Called after every durable change of an incident (chat adapters refresh its card). */
export type IncidentListener = (incident: Incident, event: StoredEvent) => void | Promise<void>;

/** How many days back `/incident list` shows resolved incidents. */
export const RECENT_DAYS = 7;

/** What `/incident list` shows: the incidents, and the ids of those whose stored timeline is damaged. */
export interface IncidentListing {
  incidents: Incident[];
  damaged: string[];
}

/**
 * Incident use cases. Every change is validated against the current state, appended to the
 * incident's timeline (durable when the promise resolves), and only then reported. State comes
 * from the store's summary of each incident (folded once, then one event at a time), so a
 * command reads neither the whole timeline nor every incident; a damaged timeline affects only
 * its own incident.
 */
export class IncidentService {
  private readonly listeners: IncidentListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly directory: Directory,
    private readonly timeZone: string,
    private readonly logger: Logger = silentLogger,
    /** Applied to every event's data before it is stored: no secret ever reaches a timeline. */
    private readonly redact: <T>(value: T) => T = (value) => value,
  ) {}

  /** Registers a listener for incident changes. */
  subscribe(fn: IncidentListener): void {
    this.listeners.push(fn);
  }

  /**
   * Opens a new incident with the declarer as commander; its id is `INC-<day>-<n>`, unique across
   * processes. `page: false` (an alert route that does not page) is written on the declaration, so
   * paging does not start for it.
   */
  async declare(actor: ZhibanUser, input: { severity: Severity; title: string; channel: string; platform: Platform; page?: boolean }): Promise<Incident> {
    const at = this.clock.now();
    const prefix = `INC-${dayStamp(at, this.timeZone)}-`;
    const taken = await this.store.listIncidents(prefix);
    let n = taken.reduce((max, id) => Math.max(max, Number(id.slice(prefix.length)) || 0), 0);
    const first: NewEvent = {
      type: EVENT.declared,
      at,
      actor: actor.id,
      data: this.redact({ severity: input.severity, title: input.title, commander: actor.id, channel: input.channel, platform: input.platform, ...(input.page === false ? { page: false } : {}) }),
    };
    for (;;) {
      n++;
      const id = `${prefix}${String(n).padStart(3, '0')}`;
      const stored = await this.store.createIncident(id, first);
      if (stored) {
        const inc = this.stateOf((await this.store.readSummary(id))!);
        await this.notify(inc, stored);
        return inc;
      }
    }
  }

  /** The incident with this id; a user error listing the open ones when it does not exist, or saying its timeline is damaged. */
  async get(id: string): Promise<Incident> {
    const summary = await this.store.readSummary(id);
    if (!summary) {
      const open = (await this.listing()).incidents.filter(isOpen).map((i) => i.id);
      throw new UserError('incident.notFound', { id, open: open.length ? open.join(', ') : '—' });
    }
    return this.stateOf(summary);
  }

  /** The timeline of an incident, oldest first (the whole of it: for exports, not for chat). */
  async timeline(id: string): Promise<StoredEvent[]> {
    await this.get(id);
    return (await this.store.readEvents(id)) ?? [];
  }

  /** One page of an incident's timeline, newest first, read as a stream (see timeline-page.ts). */
  async timelinePage(id: string, request: PageRequest): Promise<TimelinePage> {
    const incident = await this.get(id);
    const page = await readPage(this.store, incident, request);
    if (page.events.length === 0 && request.page > 1) throw new UserError('timeline.pastEnd', { id, page: request.page, pages: page.pages }, { showUsage: true });
    return page;
  }

  /**
   * The incident a command is about: the given id, or — when omitted — the only open incident.
   * Zero or several open incidents without an id are user errors that list the choices.
   */
  async resolveId(id: string | undefined): Promise<Incident> {
    if (id) return this.get(id);
    const open = (await this.list()).filter(isOpen);
    if (open.length === 1) return open[0]!;
    if (open.length === 0) throw new UserError('incident.noneOpen', {}, { showUsage: true });
    throw new UserError('incident.ambiguous', { ids: open.map((i) => i.id).join(', ') }, { showUsage: true });
  }

  /** Open incidents, plus those resolved within the last `recentDays` days, most severe and newest first. */
  async list(recentDays = RECENT_DAYS): Promise<Incident[]> {
    return (await this.listing(recentDays)).incidents;
  }

  /**
   * What `/incident list` shows, from the store's index (never every timeline): `list()` plus
   * the ids of incidents whose timeline cannot be read, each logged with where it is damaged.
   */
  async listing(recentDays = RECENT_DAYS): Promise<IncidentListing> {
    const since = this.clock.now() - recentDays * 86_400_000;
    const incidents: Incident[] = [];
    const damaged: string[] = [];
    for (const summary of await this.store.listSummaries({ resolvedSince: since })) {
      if (summary.incident) incidents.push(summary.incident);
      else if (summary.damaged) {
        damaged.push(summary.id);
        this.logDamage(summary);
      }
    }
    incidents.sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || a.severity.localeCompare(b.severity) || b.declaredAt - a.declaredAt);
    return { incidents, damaged };
  }

  /** Adds a free-text note. Allowed on resolved incidents too (post-incident findings). */
  async note(actor: ZhibanUser, id: string, text: string): Promise<Incident> {
    return this.change(actor, await this.get(id), EVENT.note, { text });
  }

  /** Changes severity; refused on a resolved incident or when it is already that severity. */
  async setSeverity(actor: ZhibanUser, id: string, to: Severity): Promise<Incident> {
    const inc = this.requireOpen(await this.get(id));
    if (inc.severity === to) throw new UserError('incident.sameSeverity', { id, severity: to });
    return this.change(actor, inc, EVENT.severity, { from: inc.severity, to });
  }

  /** Moves the lifecycle (not to resolved: that needs `resolve`). */
  async setStatus(actor: ZhibanUser, id: string, to: Status): Promise<Incident> {
    const inc = this.requireOpen(await this.get(id));
    if (inc.status === to) throw new UserError('incident.sameStatus', { id, status: to });
    return this.change(actor, inc, EVENT.status, { from: inc.status, to });
  }

  /** Assigns an incident role to a configured user. */
  async assignRole(actor: ZhibanUser, id: string, role: IncidentRole, userId: string): Promise<Incident> {
    const inc = this.requireOpen(await this.get(id));
    const user = this.directory.get(userId);
    if (!user) {
      const known = this.directory.all().map((u) => u.id);
      throw new UserError('user.unknown', { user: userId, known: known.length ? known.join(', ') : '—' }, { showUsage: true });
    }
    if (inc.roles[role] === user.id) throw new UserError('incident.sameRole', { id, role, user: user.id });
    return this.change(actor, inc, EVENT.role, { role, user: user.id, previous: inc.roles[role] ?? null });
  }

  /** Resolves with a summary of cause and fix (the start of the 复盘). */
  async resolve(actor: ZhibanUser, id: string, summary: string): Promise<Incident> {
    const inc = this.requireOpen(await this.get(id));
    return this.change(actor, inc, EVENT.resolved, { from: inc.status, summary });
  }

  /** Reopens a resolved incident; it goes back to investigating. */
  async reopen(actor: ZhibanUser, id: string, reason: string | undefined): Promise<Incident> {
    const inc = await this.get(id);
    if (isOpen(inc)) throw new UserError('incident.notResolved', { id, status: inc.status });
    return this.change(actor, inc, EVENT.reopened, { reason: reason ?? null });
  }

  /** Appends any other event (checks, approvals …) to an incident's timeline. */
  async record(actor: string, id: string, type: string, data: Record<string, unknown>): Promise<StoredEvent> {
    return (await this.append(actor, id, type, data)).event;
  }

  /**
   * Appends an event, then tells the listeners the incident's new state, which it also returns:
   * the store's summary after the append (which includes changes by other processes), or — when
   * it cannot give one — `before` with the event applied.
   */
  private async append(actor: string, id: string, type: string, data: Record<string, unknown>, before?: Incident): Promise<{ incident: Incident; event: StoredEvent }> {
    const event = await this.store.append(id, { type, at: this.clock.now(), actor, data: this.redact(data) });
    const summary = await this.store.readSummary(id);
    let incident = summary?.incident;
    if (!incident && before) {
      incident = { ...before, roles: { ...before.roles } };
      apply(incident, event);
    }
    incident ??= this.stateOf(summary ?? { id, lastSeq: event.seq, lastAt: event.at });
    await this.notify(incident, event);
    return { incident, event };
  }

  /** The incident state of a summary; a damaged timeline is a user error naming the incident (the log says where). */
  private stateOf(summary: IncidentSummary): Incident {
    if (summary.incident) return summary.incident;
    if (summary.damaged) {
      this.logDamage(summary);
      throw new UserError('incident.damaged', { id: summary.id, detail: summary.damaged.detail });
    }
    throw new Error(`incident timeline of ${summary.id} does not start with ${EVENT.declared}`);
  }

  /** Tells the operator log where an incident's stored timeline is damaged (the chat gets only the id). */
  private logDamage(summary: IncidentSummary): void {
    const { where, detail } = summary.damaged ?? {};
    this.logger.error('store corruption', { incident: summary.id, store: this.store.info().location, location: where, detail });
  }

  private requireOpen(inc: Incident): Incident {
    if (!isOpen(inc)) throw new UserError('incident.isResolved', { id: inc.id });
    return inc;
  }

  private async change(actor: ZhibanUser, inc: Incident, type: string, data: Record<string, unknown>): Promise<Incident> {
    return (await this.append(actor.id, inc.id, type, data, inc)).incident;
  }

  /** Listeners run after the change is durable; one failing listener is logged and never undoes or blocks the change. */
  private async notify(inc: Incident, event: StoredEvent): Promise<void> {
    for (const fn of this.listeners) {
      try {
        await fn(inc, event);
      } catch (err) {
        this.logger.error('incident listener failed', { incident: inc.id, event: event.type, error: (err as Error)?.message });
      }
    }
  }
}
