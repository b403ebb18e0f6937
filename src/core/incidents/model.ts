import type { StoredEvent } from '../../store/port.js';
import { applyAlertEvent, type AlertSummary } from '../alerts/model.js';
import { applyPagingEvent, type PagingSummary } from '../paging/summary.js';
import { isSeverity, rank, SEVERITY_INFO, type Severity } from './severity.js';
import type { IncidentRole, Status } from './status.js';

/** Event types that change incident state; other types (checks, approvals …) only add to the timeline. */
export const EVENT = {
  declared: 'incident.declared',
  note: 'incident.note',
  severity: 'incident.severity',
  status: 'incident.status',
  role: 'incident.role',
  resolved: 'incident.resolved',
  reopened: 'incident.reopened',
  /** A chat message (or a typed line) pinned to the timeline for the review. */
  pinned: 'incident.pinned',
} as const;

/**
 * The current state of an incident, derived only from its events (never stored on its own),
 * so the timeline is the single source of truth.
 */
export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  status: Status;
  commander: string;
  roles: Partial<Record<IncidentRole, string>>;
  declaredAt: number;
  declaredBy: string;
  channel: string;
  platform: string;
  /** When somebody must be responding by, from the manual's response time of the severity. */
  respondBy: number;
  resolvedAt?: number;
  resolution?: string;
  updatedAt: number;
  eventCount: number;
  /** Paging state for the card (absent when the incident was never paged). */
  paging?: PagingSummary;
  /** The monitoring alerts that opened or joined the incident (absent when none did). */
  alerts?: AlertSummary;
}

/** True while the incident is not resolved. */
export function isOpen(i: Incident): boolean {
  return i.status !== 'resolved';
}

/** The state a declaration opens, or undefined when `e` is not a well-formed declaration. */
export function declared(e: StoredEvent): Incident | undefined {
  if (e.type !== EVENT.declared) return undefined;
  const d = e.data as { severity?: unknown; title?: unknown; commander?: unknown; channel?: unknown; platform?: unknown };
  if (typeof d.severity !== 'string' || !isSeverity(d.severity) || typeof d.commander !== 'string') return undefined;
  return {
    id: e.incidentId,
    title: typeof d.title === 'string' ? d.title : '',
    severity: d.severity,
    status: 'investigating',
    commander: d.commander,
    roles: { commander: d.commander },
    declaredAt: e.at,
    declaredBy: e.actor,
    channel: typeof d.channel === 'string' ? d.channel : '',
    platform: typeof d.platform === 'string' ? d.platform : '',
    respondBy: e.at + SEVERITY_INFO[d.severity].responseMs,
    updatedAt: e.at,
    eventCount: e.seq,
  };
}

/**
 * Folds a timeline into the incident's state. The first event must be the declaration; event
 * types this version does not know are skipped (they stay on the timeline).
 */
export function reduce(events: readonly StoredEvent[]): Incident {
  const first = events[0];
  const inc = first && declared(first);
  if (!inc) throw new Error(`incident timeline must start with ${EVENT.declared}`);
  for (const e of events.slice(1)) apply(inc, e);
  return inc;
}

/**
 * Applies one later event to `inc` in place (the incremental step of `reduce`): state changes,
 * `updatedAt` and `eventCount`. Never throws: a malformed change is skipped.
 */
export function apply(inc: Incident, e: StoredEvent): void {
  inc.updatedAt = e.at;
  inc.eventCount = e.seq;
  const data = e.data;
  switch (e.type) {
    case EVENT.severity: {
      const to = data.to;
      if (typeof to !== 'string' || !isSeverity(to)) break;
      if (rank(to) < rank(inc.severity)) inc.respondBy = Math.min(inc.respondBy, e.at + SEVERITY_INFO[to].responseMs);
      inc.severity = to;
      break;
    }
    case EVENT.status:
      inc.status = data.to as Status;
      break;
    case EVENT.role: {
      const role = data.role as IncidentRole;
      const user = data.user as string | null;
      if (user) inc.roles[role] = user;
      else delete inc.roles[role];
      if (role === 'commander' && user) inc.commander = user;
      break;
    }
    case EVENT.resolved:
      inc.status = 'resolved';
      inc.resolvedAt = e.at;
      inc.resolution = data.summary as string;
      break;
    case EVENT.reopened:
      inc.status = 'investigating';
      delete inc.resolvedAt;
      delete inc.resolution;
      break;
    default: {
      const paging = applyPagingEvent(inc.paging, e);
      if (paging) inc.paging = paging;
      const alerts = applyAlertEvent(inc.alerts, e);
      if (alerts) inc.alerts = alerts;
      break;
    }
  }
}
