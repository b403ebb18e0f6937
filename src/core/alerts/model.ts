import type { StoredEvent } from '../../store/port.js';

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
 * What an incident card shows about the alerts that opened or joined it, folded from the alert
 * events: the fingerprints firing now, how many alerts were seen, and which are flapping.
 * Invariant: `firing` ⊆ the fingerprints seen; `seen` counts distinct fingerprints.
 */
export interface AlertSummary {
  firing: string[];
  seen: string[];
  flapping: string[];
}

const without = (list: string[], x: string): string[] => list.filter((y) => y !== x);
const withOne = (list: string[], x: string): string[] => (list.includes(x) ? list : [...list, x]);

/** Folds one event into the card's alert summary; events that are not alert events leave it as it was. */
export function applyAlertEvent(prev: AlertSummary | undefined, e: StoredEvent): AlertSummary | undefined {
  const fp = typeof e.data.fingerprint === 'string' ? e.data.fingerprint : undefined;
  if (fp === undefined) return prev;
  const s = prev ?? { firing: [], seen: [], flapping: [] };
  switch (e.type) {
    case ALERT_EVENT.firing:
      return { ...s, firing: withOne(s.firing, fp), seen: withOne(s.seen, fp) };
    case ALERT_EVENT.resolved:
      return { ...s, firing: without(s.firing, fp), seen: withOne(s.seen, fp) };
    case ALERT_EVENT.flapping:
      return { ...s, flapping: withOne(s.flapping, fp) };
    default:
      return prev;
  }
}

/** True when the incident came from alerts and every one of them has resolved. */
export function allAlertsResolved(s: AlertSummary | undefined): boolean {
  return s !== undefined && s.seen.length > 0 && s.firing.length === 0;
}
