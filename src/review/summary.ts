import { CHECK_EVENT } from '../core/checks/model.js';
import type { Symptom } from '../core/checks/symptoms.js';
import type { Localized } from '../core/i18n/index.js';
import { apply, EVENT, reduce, type Incident } from '../core/incidents/model.js';
import type { Severity } from '../core/incidents/severity.js';
import type { Status } from '../core/incidents/status.js';
import type { Verdict } from '../core/reply.js';
import type { StoredEvent } from '../store/port.js';
import { DrillFold, type DrillTimes } from './drill.js';
import { LIMITS, PageFold, RequestFold, type CheckEvidence, type PersonPages, type RequestRecord } from './parts.js';

/** One stretch of the lifecycle (investigating → identified → mitigated → resolved); `end` is absent for the last. */
export interface Phase {
  status: Status;
  start: number;
  end?: number;
}

/**
 * Everything the review derives from a timeline, folded in one pass with bounded memory (lists are
 * capped by LIMITS; totals still count everything). JSON-serialisable: it is the export's `summary`.
 */
export interface ReviewSummary {
  incident: Incident;
  severityChanges: Array<{ at: number; by: string; from: Severity; to: Severity }>;
  phases: Phase[];
  keyTimes: {
    declaredAt: number;
    /** First acknowledgement of a page; absent when nothing was paged or nobody acknowledged. */
    firstAck?: { at: number; user: string };
    /** First human step on the timeline after the declaration (the response when there was no page). */
    firstResponse?: { at: number; user: string };
    mitigatedAt?: number;
    resolvedAt?: number;
    respondBy: number;
    breachedAt?: number;
  };
  /** Time to acknowledge (or first response), to mitigate, to resolve; absent when it did not happen. */
  durations: { ttaMs?: number; ttmMs?: number; ttrMs?: number };
  /** Whether someone responded within the severity's response time; absent while that is still open. */
  responseMet?: boolean;
  checks: { total: number; shown: CheckEvidence[] };
  symptoms: Array<{ name: string; manual: string; title: Localized }>;
  requests: { total: number; shown: RequestRecord[] };
  pages: PersonPages[];
  counts: { events: number; notes: number; pins: number; reopened: number };
  lastEventAt: number;
  /** A drill's times to detect and to recover; absent for a real incident. */
  drill?: DrillTimes;
}

/** Finds the runbook symptom a `/diagnose` word names. */
export type SymptomLookup = (word: string) => Pick<Symptom, 'name' | 'manual' | 'title'> | undefined;

/**
 * Folds a timeline event by event (so a timeline is read as a stream). Call `add` in seq order,
 * starting with the declaration, then `result`.
 */
export class SummaryFolder {
  private inc?: Incident;
  private readonly severityChanges: ReviewSummary['severityChanges'] = [];
  private readonly phases: Phase[] = [];
  private readonly checks: CheckEvidence[] = [];
  private checksTotal = 0;
  private readonly symptoms = new Map<string, { name: string; manual: string; title: Localized }>();
  private readonly requests = new RequestFold();
  private readonly pages = new PageFold();
  private readonly drill = new DrillFold();
  private readonly counts = { events: 0, notes: 0, pins: 0, reopened: 0 };
  private firstResponse?: { at: number; user: string };
  private mitigatedAt?: number;
  private lastAt = 0;

  constructor(private readonly findSymptom: SymptomLookup = () => undefined) {}

  /** Takes the next event of the timeline. */
  add(e: StoredEvent): void {
    this.counts.events++;
    this.lastAt = e.at;
    if (!this.inc) {
      this.inc = reduce([e]);
      this.phases.push({ status: 'investigating', start: e.at });
      return;
    }
    const before = this.inc.status;
    apply(this.inc, e);
    this.drill.add(e);
    if (e.actor !== 'zhiban' && !this.firstResponse) this.firstResponse = { at: e.at, user: e.actor };
    if (this.inc.status !== before) this.phase(this.inc.status, e.at);
    if (this.inc.status === 'mitigated') this.mitigatedAt ??= e.at;
    switch (e.type) {
      case EVENT.severity:
        this.severityChanges.push({ at: e.at, by: e.actor, from: e.data.from as Severity, to: e.data.to as Severity });
        break;
      case EVENT.note:
        this.counts.notes++;
        break;
      case EVENT.pinned:
        this.counts.pins++;
        break;
      case EVENT.reopened:
        this.counts.reopened++;
        break;
      case CHECK_EVENT:
        this.check(e);
        break;
      default:
        this.requests.add(e);
        this.pages.add(e);
    }
  }

  /** The summary of everything added so far. */
  result(): ReviewSummary {
    const inc = this.inc;
    if (!inc) throw new Error('a review needs at least the declaration');
    const firstAck = this.pages.firstAck;
    const response = firstAck ?? this.firstResponse;
    const breachedAt = this.pages.breachedAt;
    const keyTimes: ReviewSummary['keyTimes'] = {
      declaredAt: inc.declaredAt,
      respondBy: inc.respondBy,
      ...(firstAck ? { firstAck } : {}),
      ...(this.firstResponse ? { firstResponse: this.firstResponse } : {}),
      ...(this.mitigatedAt !== undefined ? { mitigatedAt: this.mitigatedAt } : {}),
      ...(inc.resolvedAt !== undefined ? { resolvedAt: inc.resolvedAt } : {}),
      ...(breachedAt !== undefined ? { breachedAt } : {}),
    };
    const since = (at: number | undefined): number | undefined => (at === undefined ? undefined : at - inc.declaredAt);
    const durations = Object.fromEntries(
      Object.entries({ ttaMs: since(response?.at), ttmMs: since(this.mitigatedAt), ttrMs: since(inc.resolvedAt) }).filter(([, v]) => v !== undefined),
    ) as ReviewSummary['durations'];
    const met = breachedAt !== undefined ? false : response ? response.at <= inc.respondBy : inc.resolvedAt !== undefined ? false : undefined;
    return {
      incident: { ...inc, roles: { ...inc.roles } },
      severityChanges: [...this.severityChanges],
      phases: this.phases.map((p) => ({ ...p })),
      keyTimes,
      durations,
      ...(met !== undefined ? { responseMet: met } : {}),
      checks: { total: this.checksTotal, shown: [...this.checks] },
      symptoms: [...this.symptoms.values()],
      requests: { total: this.requests.total, shown: [...this.requests.byId.values()] },
      pages: [...this.pages.people.values()],
      counts: { ...this.counts },
      ...(inc.drill ? { drill: this.drill.result(inc.drill.scenario) } : {}),
      lastEventAt: this.lastAt,
    };
  }

  private phase(status: Status, at: number): void {
    const last = this.phases[this.phases.length - 1];
    if (last) last.end = at;
    this.phases.push({ status, start: at });
  }

  private check(e: StoredEvent): void {
    this.checksTotal++;
    const command = typeof e.data.command === 'string' ? e.data.command : '';
    const word = /^\/diagnose\s+(\S+)/.exec(command)?.[1];
    const symptom = word ? this.findSymptom(word) : undefined;
    if (symptom && this.symptoms.size < LIMITS.symptoms) this.symptoms.set(symptom.name, { name: symptom.name, manual: symptom.manual, title: symptom.title });
    if (this.checks.length >= LIMITS.checks) return;
    const results = Array.isArray(e.data.results) ? (e.data.results as Array<{ target: string; verdict: Verdict; summary: Localized; detail?: string }>) : [];
    this.checks.push({
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      command,
      verdict: e.data.verdict as Verdict,
      results: results.slice(0, LIMITS.resultsPerCheck).map((r) => ({
        target: r.target,
        verdict: r.verdict,
        summary: r.summary,
        ...(r.detail ? { detail: r.detail.slice(0, LIMITS.detailChars) } : {}),
      })),
    });
  }
}
