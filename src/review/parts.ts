import type { Localized } from '../core/i18n/index.js';
import type { Verdict } from '../core/reply.js';
import type { StoredEvent } from '../store/port.js';
import { ACTION_EVENT } from '../core/approvals/model.js';

/** Bounds of the review's derived lists: a huge timeline never makes a huge summary. */
export const LIMITS = { checks: 20, resultsPerCheck: 8, detailChars: 600, requests: 50, people: 100, symptoms: 20 } as const;

/** One diagnostic run as the review shows it (evidence already redacted on the timeline, and bounded). */
export interface CheckEvidence {
  seq: number;
  at: number;
  actor: string;
  command: string;
  verdict: Verdict;
  results: Array<{ target: string; verdict: Verdict; summary: Localized; detail?: string }>;
}

/** One remediation request and everything that happened to it. */
export interface RequestRecord {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  summary?: Localized;
  requestedBy: string;
  requestedAt: number;
  approvals: Array<{ by: string; at: number }>;
  /** `denied`, `expired`, `executed`, `failed`, … as the timeline said last. */
  outcome?: { state: string; by: string; at: number; result?: Localized; reason?: string };
  verification?: { verdict: string; summary: string[] };
}

/** Pages and acknowledgements of one person (from the paging events; empty without paging). */
export interface PersonPages {
  key: string;
  name: string;
  user?: string;
  level?: number;
  pages: number;
  firstPagedAt?: number;
  channels: string[];
  delivered: number;
  failed: number;
  ackAt?: number;
  ackVia?: string;
}

/** Paging event types the review reads (written by the paging feature). */
export const PAGE_EVENTS = { paged: 'paging.paged', delivered: 'paging.delivered', failed: 'paging.failed', acked: 'paging.acked', breached: 'paging.breached' } as const;

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const isLocalized = (v: unknown): v is Localized => !!v && typeof v === 'object' && typeof (v as Localized).en === 'string' && typeof (v as Localized)['zh-CN'] === 'string';

/** Folds approval-workflow events into request records, keeping at most LIMITS.requests of them. */
export class RequestFold {
  readonly byId = new Map<string, RequestRecord>();
  total = 0;

  /** Takes one event; events of other types are ignored. */
  add(e: StoredEvent): void {
    const d = e.data;
    if (e.type === ACTION_EVENT.requested) {
      this.total++;
      if (this.byId.size >= LIMITS.requests) return;
      const rec: RequestRecord = { id: str(d.request), kind: str(d.kind), params: (d.params ?? {}) as Record<string, unknown>, requestedBy: e.actor, requestedAt: e.at, approvals: [] };
      if (isLocalized(d.summary)) rec.summary = d.summary;
      this.byId.set(rec.id, rec);
      return;
    }
    const rec = this.byId.get(str(d.request));
    if (!rec) return;
    switch (e.type) {
      case ACTION_EVENT.approved:
        rec.approvals.push({ by: e.actor, at: e.at });
        break;
      case ACTION_EVENT.denied:
      case ACTION_EVENT.expired:
        rec.outcome = { state: e.type.slice('action.'.length), by: e.actor, at: e.at, ...(d.reason ? { reason: str(d.reason) } : {}) };
        break;
      case ACTION_EVENT.executed:
        rec.outcome = { state: str(d.status) === 'done' ? 'executed' : str(d.status), by: e.actor, at: e.at, ...(isLocalized(d.result) ? { result: d.result } : {}) };
        break;
      case ACTION_EVENT.verified: {
        const results = Array.isArray(d.results) ? (d.results as Array<{ target?: unknown; summary?: unknown }>) : [];
        rec.verification = { verdict: str(d.verdict), summary: results.map((r) => `${str(r.target)}: ${isLocalized(r.summary) ? r.summary.en : ''}`) };
        break;
      }
      default:
        break;
    }
  }
}

/** Folds paging events into one row per person (first page, channels, deliveries, first ack). */
export class PageFold {
  readonly people = new Map<string, PersonPages>();
  private readonly pageOwner = new Map<string, string>();
  firstAck?: { at: number; user: string };
  breachedAt?: number;

  /** Takes one event; events of other types are ignored. */
  add(e: StoredEvent): void {
    const d = e.data;
    switch (e.type) {
      case PAGE_EVENTS.paged: {
        const p = (d.person ?? {}) as { key?: unknown; name?: unknown; user?: unknown; level?: unknown };
        const person = this.person(str(p.key) || str(p.user) || str(p.name), str(p.name), str(p.user) || undefined);
        if (!person) return;
        if (typeof p.level === 'number') person.level = p.level;
        person.pages++;
        person.firstPagedAt ??= e.at;
        const channels = Array.isArray(d.channels) ? (d.channels as Array<{ channel?: unknown }>).map((c) => str(c.channel)) : [];
        person.channels = [...new Set([...person.channels, ...channels.filter(Boolean)])];
        if (this.pageOwner.size < 10_000) this.pageOwner.set(str(d.page), person.key);
        break;
      }
      case PAGE_EVENTS.delivered:
      case PAGE_EVENTS.failed: {
        const person = this.people.get(this.pageOwner.get(str(d.page)) ?? '');
        if (person) person[e.type === PAGE_EVENTS.delivered ? 'delivered' : 'failed']++;
        break;
      }
      case PAGE_EVENTS.acked: {
        const user = str(d.user) || e.actor;
        this.firstAck ??= { at: e.at, user };
        const person = [...this.people.values()].find((x) => x.user === user) ?? this.person(user, user, user);
        if (person && person.ackAt === undefined) {
          person.ackAt = e.at;
          person.ackVia = str(d.via);
        }
        break;
      }
      case PAGE_EVENTS.breached:
        this.breachedAt ??= e.at;
        break;
      default:
        break;
    }
  }

  private person(key: string, name: string, user: string | undefined): PersonPages | undefined {
    const known = this.people.get(key);
    if (known || !key || this.people.size >= LIMITS.people) return known;
    const p: PersonPages = { key, name: name || key, pages: 0, channels: [], delivered: 0, failed: 0, ...(user ? { user } : {}) };
    this.people.set(key, p);
    return p;
  }
}
