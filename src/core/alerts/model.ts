import type { StoredEvent } from '../../store/port.js';
import { addTo, countOf, emptyTally, removeFrom, type BoundedSet } from './bounded-set.js';

/** Timeline event types of alert intake (monitoring alerts joined to an incident). */
export const ALERT_EVENT = {
  /** An alert of the incident's group started firing (or fired again after it had resolved). */
  firing: 'alert.firing',
  /** An alert of the incident's group resolved at the monitoring side (the incident stays open). */
  resolved: 'alert.resolved',
  /** An alert fired and resolved repeatedly within the flapping window; its further flips are not noted one by one. */
  flapping: 'alert.flapping',
  /** The sender left alerts out of a notification (Alertmanager `truncatedAlerts`). */
  truncated: 'alert.truncated',
} as const;

/**
 * What the alert intake knew of an alert on this incident before the event (the `prior` field of
 * an alert event, from the group record where it keeps each alert's state): whether it was seen
 * here, firing here, flagged flapping here. The fold uses it only for fingerprints past the
 * bounded lists of the summary, so it never needs one entry per alert to count them.
 */
export interface AlertPrior {
  seen: boolean;
  firing: boolean;
  flapping: boolean;
}

/**
 * What an incident card shows about the alerts that opened or joined it, folded from the alert
 * events: how many fire now, how many distinct alerts were seen, how many were flagged flapping.
 * Each is a count with the first fingerprints (at most ALERT_LIST_MAX, see bounded-set.ts), so
 * the summary, rewritten on every event, stays the same size however many alerts a storm brings.
 */
export interface AlertSummary {
  firing: BoundedSet;
  seen: BoundedSet;
  flapping: BoundedSet;
}

/** A summary stored by an earlier version: each set a whole list of fingerprints, without counts. */
export type OlderAlertSummary = { firing: string[] | BoundedSet; seen: string[] | BoundedSet; flapping: string[] | BoundedSet };

function priorOf(d: Record<string, unknown>): Partial<AlertPrior> {
  const p = d.prior;
  return p && typeof p === 'object' ? p : {};
}

/**
 * The card's alert summary after one event, or undefined when the event does not change it
 * (not an alert event, or one without a fingerprint). Costs the same however many alerts came before.
 */
export function applyAlertEvent(prev: AlertSummary | OlderAlertSummary | undefined, e: StoredEvent): AlertSummary | undefined {
  const fp = typeof e.data.fingerprint === 'string' ? e.data.fingerprint : undefined;
  if (fp === undefined) return undefined;
  const s = prev ? alertSummaryOf(prev) : { firing: emptyTally(), seen: emptyTally(), flapping: emptyTally() };
  const prior = priorOf(e.data);
  switch (e.type) {
    case ALERT_EVENT.firing:
      return { ...s, firing: addTo(s.firing, fp, prior.firing), seen: addTo(s.seen, fp, prior.seen) };
    case ALERT_EVENT.resolved:
      return { ...s, firing: removeFrom(s.firing, fp, prior.firing), seen: addTo(s.seen, fp, prior.seen) };
    case ALERT_EVENT.flapping:
      return { ...s, flapping: addTo(s.flapping, fp, prior.flapping) };
    default:
      return undefined;
  }
}

/** A summary in today's form (one stored by an earlier version has plain lists, read back as they were). */
export function alertSummaryOf(s: AlertSummary | OlderAlertSummary): AlertSummary {
  return { firing: countOf(s.firing), seen: countOf(s.seen), flapping: countOf(s.flapping) };
}

/** True when the incident came from alerts and every one of them has resolved. */
export function allAlertsResolved(s: AlertSummary | OlderAlertSummary | undefined): boolean {
  const a = s && alertSummaryOf(s);
  return a !== undefined && a.seen.count > 0 && a.firing.count === 0;
}
