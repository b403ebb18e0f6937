import type { Locale } from '../i18n/index.js';
import type { Severity } from '../incidents/severity.js';
import type { StoredEvent } from '../../store/port.js';
import type { PageChannel, Policy } from './config.js';

/** Timeline event types of paging; each carries its time (`at`) and the person it concerns. */
export const PAGING_EVENT = {
  started: 'paging.started',
  paged: 'paging.paged',
  delivered: 'paging.delivered',
  failed: 'paging.failed',
  deferred: 'paging.deferred',
  escalated: 'paging.escalated',
  breached: 'paging.breached',
  acked: 'paging.acked',
  stopped: 'paging.stopped',
  posted: 'paging.posted',
} as const;

/** Store timer kinds of paging (handled by PagingService). */
export const PAGING_TIMER = { step: 'paging.step', repeat: 'paging.repeat', breach: 'paging.breach', flush: 'paging.flush' } as const;

/**
 * A person to page, as resolved from the contacts table (or, later, a rotation) at the moment
 * paging starts; the snapshot on the timeline keeps it, so config edits never change a running
 * escalation. `key` is stable for one person and safe in store ids.
 */
export interface PageTarget {
  key: string;
  name: string;
  title?: string;
  user?: string;
  level: number;
  locale?: Locale;
  phone?: string;
  email?: string;
  slack?: string;
  dingtalk?: string;
  /** The rotation this person was resolved from (they were on duty in it when paged). */
  rotation?: string;
  /** The on-call override that put them on duty then, if any. */
  override?: string;
}

/** One step of a started plan: when it is due and whom it pages. */
export interface PlannedStep {
  n: number;
  dueAt: number;
  levels: number[];
  people: PageTarget[];
}

/** The `paging.started` snapshot: the policy and the people, as they were when paging started. */
export interface PagingPlan {
  chain: string;
  severity: Severity;
  startedAt: number;
  policy: Policy;
  steps: PlannedStep[];
}

/** One person paged once (a step, a repeat round, or by hand), with the state of each channel. */
export interface PageEntry {
  page: string;
  chain: string;
  at: number;
  person: PageTarget;
  by: string;
  reason?: string;
  channels: Partial<Record<PageChannel, { state: 'queued' | 'sent' | 'failed'; at: number; error?: string; address: string }>>;
}

/** An acknowledgement: who, when, how, and how long after their first page of the chain. */
export interface AckEntry {
  user: string;
  at: number;
  via: string;
  afterMs?: number;
}

/** Paging of one incident, folded from its timeline (the single source of truth). */
export interface PagingState {
  plan?: PagingPlan;
  /** True while the current plan may still page (not acknowledged, not stopped). */
  active: boolean;
  pages: PageEntry[];
  acks: AckEntry[];
  /** Highest level paged by the current plan. */
  level: number;
  breachedAt?: number;
  stopped?: { why: string; at: number };
  /** How many plans were started (each `paging.started` opens chain `c<n>`). */
  chains: number;
  /** The steps escalated to (a `paging.escalated` each), by chain. */
  escalated: Array<{ chain: string; step: number }>;
}

/** Folds the paging events of a timeline; other events are ignored. */
export function foldPaging(events: Iterable<StoredEvent>): PagingState {
  const s = noPaging();
  for (const e of events) applyPaging(s, e);
  return s;
}

/** The paging state of a timeline without paging events. */
export function noPaging(): PagingState {
  return { active: false, pages: [], acks: [], level: 0, chains: 0, escalated: [] };
}

/**
 * Folds one event into `s` (in place; other events leave it unchanged), so a timeline can be
 * folded as it streams by: the state grows with the paging events only, never with the rest.
 */
export function applyPaging(s: PagingState, e: StoredEvent): void {
  const d = e.data;
  switch (e.type) {
    case PAGING_EVENT.started:
      s.plan = d.plan as PagingPlan;
      s.active = true;
      s.level = 0;
      s.chains++;
      delete s.stopped;
      break;
    case PAGING_EVENT.escalated:
      s.escalated.push({ chain: String(d.chain), step: Number(d.step) });
      break;
    case PAGING_EVENT.paged: {
      const person = d.person as PageTarget;
      const channels = Object.fromEntries((d.channels as Array<{ channel: PageChannel; address: string }>).map((c) => [c.channel, { state: 'queued', at: e.at, address: c.address }]));
      s.pages.push({ page: String(d.page), chain: String(d.chain), at: e.at, person, by: e.actor, ...(typeof d.reason === 'string' ? { reason: d.reason } : {}), channels });
      if (d.chain === s.plan?.chain) s.level = Math.max(s.level, person.level);
      break;
    }
    case PAGING_EVENT.delivered:
    case PAGING_EVENT.failed: {
      const entry = s.pages.find((p) => p.page === d.page);
      const ch = entry?.channels[d.channel as PageChannel];
      if (ch) Object.assign(ch, { state: e.type === PAGING_EVENT.delivered ? 'sent' : 'failed', at: e.at, ...(typeof d.error === 'string' ? { error: d.error } : {}) });
      break;
    }
    case PAGING_EVENT.acked:
      s.acks.push({ user: String(d.user), at: e.at, via: String(d.via), ...(typeof d.afterMs === 'number' ? { afterMs: d.afterMs } : {}) });
      if (s.plan && e.at >= s.plan.startedAt) s.active = false;
      break;
    case PAGING_EVENT.breached:
      s.breachedAt ??= e.at;
      break;
    case PAGING_EVENT.stopped:
      s.active = false;
      s.stopped = { why: String(d.why), at: e.at };
      break;
    default:
      break;
  }
}

/** The acknowledgement of the current plan, if any (the first one after it started). */
export function currentAck(s: PagingState): AckEntry | undefined {
  return s.acks.find((a) => a.at >= (s.plan?.startedAt ?? 0));
}
