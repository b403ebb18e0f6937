import type { Runbook } from '../core/checks/symptoms.js';
import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { DiagnosticsPort } from '../core/checks/port.js';
import type { Locale } from '../core/i18n/index.js';
import { isUserError } from '../core/errors.js';
import { isOpen, type Incident } from '../core/incidents/model.js';
import type { IncidentService } from '../core/incidents/service.js';
import { incidentCard } from '../core/incidents/view.js';
import { translator } from '../core/i18n/index.js';
import type { Platform } from '../core/invocation.js';
import type { Logger } from '../core/logger.js';
import type { Reply } from '../core/reply.js';
import type { ZhibanUser } from '../core/users.js';
import type { Store } from '../store/port.js';
import type { AlertSource, AlertsConfig } from './config.js';
import { autoDiagnose } from './diagnose.js';
import { noteOnNew, transition, type GroupRecord, type PendingEvent } from './group-state.js';
import { parseNotification, type AlertGroup } from './payloads.js';
import { AlertRouter } from './routing.js';

/** Store record kind of alert groups (see GroupRecord). */
export const GROUP_RECORD = 'alert-group';
/** How long a replica's claim to open a group's incident holds if it dies before finishing. */
const CLAIM_MS = 30_000;
/** A group nobody notified for this long is forgotten (its next alert opens a new incident). */
const GROUP_KEEP_MS = 30 * 86_400_000;
/** Reads of a group another replica is opening (about 4 s in all) before answering busy. */
const MAX_ATTEMPTS = 25;

/** What alert intake needs from the app. */
export interface AlertIntakeDeps {
  config: AlertsConfig;
  store: Store;
  clock: Clock;
  incidents: IncidentService;
  diagnostics: DiagnosticsPort;
  /** The runbook the automatic diagnosis reads its symptom from. */
  runbook: Runbook;
  logger: Logger;
  /** The language of a platform's messages (cards and diagnoses are posted in it). */
  localeFor(platform: Platform): Locale;
  timeZone: string;
  /** Posts a message to a chat channel (when that platform's adapter runs); never throws. */
  post(platform: Platform, channel: string, reply: Reply): Promise<void>;
  /** Waits before re-reading a group another replica is opening (default: a real timer). */
  sleep?: (ms: number) => Promise<void>;
}

/** The answer to one notification. */
export type IntakeOutcome =
  | { kind: 'accepted'; incidents: string[]; opened: string[] }
  | { kind: 'invalid'; problem: string }
  | { kind: 'busy'; reason: 'storm' | 'claimed'; incidents: string[] };

type GroupOutcome = { incident?: string; opened?: boolean } | { busy: 'storm' | 'claimed' };

/**
 * Turns monitoring notifications into incidents through the same use cases a person calls.
 * Each alert group (`groupKey`) has one store record changed by compare-and-set: the first
 * firing alert claims it and opens the incident (as the source, e.g. `alertmanager`, so paging
 * starts as for a declaration), later notifications join that incident, repeats add nothing,
 * resolved alerts are noted, and zhiban never resolves an incident itself. A group whose
 * incident was resolved opens a new one when an alert fires again, unless that alert is
 * flapping. New incidents are limited per minute (`maxNewIncidentsPerMinute`): past it the
 * sender is told to retry later, so a storm opens at most one incident per group and pages
 * within budget.
 */
export class AlertIntake {
  private readonly router: AlertRouter;
  private readonly opened: number[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: AlertIntakeDeps) {
    this.router = new AlertRouter(deps.config);
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Handles one notification body of `source` (already authenticated). */
  async receive(source: AlertSource, body: string): Promise<IntakeOutcome> {
    const parsed = parseNotification(source, body, this.deps.clock.now());
    if ('problem' in parsed) return { kind: 'invalid', problem: parsed.problem };
    const incidents: string[] = [];
    const opened: string[] = [];
    for (const group of parsed.groups) {
      const out = await this.group(source, group);
      if ('busy' in out) return { kind: 'busy', reason: out.busy, incidents };
      if (out.incident && !incidents.includes(out.incident)) incidents.push(out.incident);
      if (out.opened && out.incident) opened.push(out.incident);
    }
    return { kind: 'accepted', incidents, opened };
  }

  /** Resolves once the diagnoses and posts started so far have finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async group(source: AlertSource, group: AlertGroup): Promise<GroupOutcome> {
    const id = `${source}.${createHash('sha256').update(group.key).digest('hex').slice(0, 32)}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.deps.clock.now();
      const cur = await this.deps.store.getRecord<GroupRecord>(GROUP_RECORD, id);
      const rec = cur?.value;
      if (rec && rec.incident === undefined) {
        await this.sleep(50 + attempt * 10);
        continue;
      }
      const t = transition(source, rec?.alerts ?? {}, group, rec?.truncated ?? 0, now, this.deps.config.flapping, rec?.incident);
      if (t.events.length === 0) return rec?.incident ? { incident: rec.incident } : {};
      const incident = rec?.incident ? await this.find(rec.incident) : undefined;
      const fresh = t.newlyFiring && (!incident || (!isOpen(incident) && !t.onlyFlapping));
      if (!fresh && !incident) return {};
      if (!fresh) {
        const next: GroupRecord = { source, key: group.key, incident: incident!.id, alerts: t.alerts, truncated: t.truncated };
        if ((await this.deps.store.putRecord(GROUP_RECORD, id, next, cur!.version, { expiresAt: now + GROUP_KEEP_MS })) === undefined) continue;
        await this.append(source, incident!.id, t.events);
        return { incident: incident!.id };
      }
      if (!this.mayOpen(now)) return { busy: 'storm' };
      const claim: GroupRecord = { source, key: group.key, claimedAt: now, alerts: rec?.alerts ?? {}, truncated: rec?.truncated ?? 0 };
      const claimed = await this.deps.store.putRecord(GROUP_RECORD, id, claim, cur?.version ?? 0, { expiresAt: now + CLAIM_MS });
      if (claimed === undefined) continue;
      this.opened.push(now);
      const inc = await this.open(source, group, id, claimed, t);
      return { incident: inc.id, opened: true };
    }
    return { busy: 'claimed' };
  }

  /** Declares the group's incident, records it on the group, notes the alerts, starts the diagnosis. */
  private async open(source: AlertSource, group: AlertGroup, id: string, claimed: number, t: ReturnType<typeof transition>): Promise<Incident> {
    const firing = group.alerts.filter((a) => a.status === 'firing');
    const decision = this.router.decideGroup(firing.map((a) => a.labels));
    const first = firing[0]!;
    const name = first.labels.alertname ?? source;
    const summary = first.annotations.summary ?? first.annotations.description;
    const title = (summary ? `${name}: ${summary}` : name).slice(0, 200);
    const actor: ZhibanUser = { id: source, name: source, roles: [], known: false };
    let inc: Incident;
    try {
      inc = await this.deps.incidents.declare(actor, { severity: decision.severity, title, channel: decision.channels[0]!, platform: decision.platform, page: decision.page });
    } catch (err) {
      // Let the sender's retry (or another replica) open it at once rather than after the claim expires.
      await this.deps.store.deleteRecord(GROUP_RECORD, id, claimed).catch(() => false);
      throw err;
    }
    const now = this.deps.clock.now();
    const noted = noteOnNew(t, inc.id);
    const done: GroupRecord = { source, key: group.key, incident: inc.id, alerts: noted.alerts, truncated: noted.truncated };
    if ((await this.deps.store.putRecord(GROUP_RECORD, id, done, claimed, { expiresAt: now + GROUP_KEEP_MS })) === undefined) {
      this.deps.logger.error('alert group claim lost while opening its incident', { incident: inc.id, source });
    }
    await this.append(source, inc.id, noted.events);
    this.deps.logger.info('incident opened from alerts', { incident: inc.id, source, severity: decision.severity, alerts: group.alerts.length });
    this.background(this.announce(source, inc, decision.platform, decision.channels, decision.symptom));
    return inc;
  }

  /** Posts the card to the route's other channels, then the diagnosis (if any) to all of them. */
  private async announce(source: AlertSource, inc: Incident, platform: Platform, channels: string[], symptom: string | undefined): Promise<void> {
    const locale = this.deps.localeFor(platform);
    const v = { t: translator(locale), locale, timeZone: this.deps.timeZone, now: this.deps.clock.now() };
    for (const channel of channels.slice(1)) await this.deps.post(platform, channel, incidentCard(v, inc));
    if (!symptom) return;
    const reply = await autoDiagnose({ ...this.deps, locale, now: () => this.deps.clock.now() }, source, inc, symptom);
    if (reply) for (const channel of channels) await this.deps.post(platform, channel, reply);
  }

  private async append(source: AlertSource, incident: string, events: PendingEvent[]): Promise<void> {
    for (const e of events) await this.deps.incidents.record(source, incident, e.type, e.data);
  }

  private async find(id: string): Promise<Incident | undefined> {
    try {
      return await this.deps.incidents.get(id);
    } catch (err) {
      if (isUserError(err)) return undefined;
      throw err;
    }
  }

  /** True while fewer than `maxNewIncidentsPerMinute` incidents were opened here in the last minute. */
  private mayOpen(now: number): boolean {
    while (this.opened.length > 0 && this.opened[0]! <= now - 60_000) this.opened.shift();
    return this.opened.length < this.deps.config.maxNewIncidentsPerMinute;
  }

  private background(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => this.deps.logger.error('alert diagnosis or post failed', { error: (err as Error)?.message }));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }
}
