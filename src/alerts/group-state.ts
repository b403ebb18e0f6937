import { ALERT_EVENT, type AlertPrior } from '../core/alerts/model.js';
import type { AlertSource, AlertsConfig } from './config.js';
import type { AlertGroup, IncomingAlert } from './payloads.js';

/** What zhiban remembers of one alert of a group: its state, when it started, its recent state changes. */
export interface KnownAlert {
  status: 'firing' | 'resolved';
  startsAt: number;
  /** Times of its state changes within the flapping window. */
  flips: number[];
  flapping: boolean;
  /** The incident its last change was noted on (absent in records of earlier versions). */
  incident?: string;
  /** A `alert.flapping` event for it was noted on `incident`. */
  flagged?: boolean;
}

/**
 * The store record of one alert group (kind `alert-group`), changed only by compare-and-set so
 * that two replicas never open two incidents for one group nor note one change twice.
 * `incident` is absent while a replica holds the claim to open it (`claimedAt`, expiring).
 */
export interface GroupRecord {
  source: AlertSource;
  key: string;
  incident?: string;
  claimedAt?: number;
  alerts: Record<string, KnownAlert>;
  truncated: number;
}

/** A timeline event to append once the record change won. */
export interface PendingEvent {
  type: string;
  data: Record<string, unknown>;
}

/** The new group state and the events a notification adds to it (none for a repeat). */
export interface Transition {
  alerts: Record<string, KnownAlert>;
  truncated: number;
  events: PendingEvent[];
  /** Some alert starts firing (new, or again after it resolved). */
  newlyFiring: boolean;
  /** Every alert that starts firing again is flapping (so it does not open a new incident). */
  onlyFlapping: boolean;
}

function alertData(source: AlertSource, a: IncomingAlert): Record<string, unknown> {
  return {
    source,
    fingerprint: a.fingerprint,
    alertname: a.labels.alertname ?? '',
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    ...(a.endsAt !== undefined ? { endsAt: a.endsAt } : {}),
    ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
  };
}

/** What the group record knew of an alert on `incident` before a change (the `prior` of its events). */
function priorOn(before: KnownAlert | undefined, incident: string | undefined): AlertPrior {
  // an alert noted before alerts carried their incident (an earlier version) was noted on the group's incident
  const here = before !== undefined && incident !== undefined && (before.incident === incident || before.incident === undefined);
  return { seen: here, firing: here && before.status === 'firing', flapping: here && before.flagged === true };
}

/**
 * The transition as noted on a newly opened incident: nothing was known there before, and each
 * alert it changes is marked as noted on it (so later events of the group say what is known there).
 */
export function noteOnNew(t: Transition, incident: string): Transition {
  const alerts = { ...t.alerts };
  const events = t.events.map((e) => (e.data.prior ? { ...e, data: { ...e.data, prior: priorOn(undefined, incident) } } : e));
  for (const e of events) {
    const fp = e.data.fingerprint;
    const a = typeof fp === 'string' ? alerts[fp] : undefined;
    if (!a || typeof fp !== 'string') continue;
    // Its first event here restamps it; a flapping event after it flags it.
    alerts[fp] = { ...a, incident, flagged: (a.incident === incident && a.flagged === true) || e.type === ALERT_EVENT.flapping };
  }
  return { ...t, alerts, events };
}

/** Most alerts a group record keeps; past it the resolved ones that changed longest ago are forgotten. */
export const MAX_KNOWN_ALERTS = 1_000;

/**
 * Keeps a group record bounded: a resolved alert with no state change inside the flapping window is
 * forgotten (if it fires again it is a new firing, as it would be anyway), and past MAX_KNOWN_ALERTS
 * the resolved alerts that changed longest ago go first. Firing alerts are always kept.
 */
function forgetQuietResolved(alerts: Record<string, KnownAlert>, since: number): void {
  const last = (a: KnownAlert) => a.flips.at(-1) ?? a.startsAt;
  for (const [fp, a] of Object.entries(alerts)) if (a.status === 'resolved' && !a.flips.some((t) => t >= since)) delete alerts[fp];
  const resolved = Object.entries(alerts).filter(([, a]) => a.status === 'resolved').sort(([, a], [, b]) => last(a) - last(b));
  for (let excess = Object.keys(alerts).length - MAX_KNOWN_ALERTS, i = 0; excess > 0 && i < resolved.length; excess--, i++) delete alerts[resolved[i]![0]];
}

/**
 * Applies a notification to a group's known alerts. A firing alert already known as firing with
 * the same start (or with no start given), or a resolved one already known as resolved, adds nothing (senders repeat
 * notifications). Each state change is one event; an alert changing state `flapping.flips` times
 * within the window is flapping (noted when it starts to), and stops being so once its changes
 * within the window fall below that.
 */
export function transition(
  source: AlertSource,
  known: Record<string, KnownAlert>,
  group: AlertGroup,
  prevTruncated: number,
  now: number,
  flapping: AlertsConfig['flapping'],
  /** The incident the events go to: the group's, or undefined while a new one is to be opened (see noteOnNew). */
  incident?: string,
): Transition {
  const alerts = { ...known };
  const events: PendingEvent[] = [];
  let newlyFiring = false;
  let onlyFlapping = true;
  const since = now - flapping.windowMinutes * 60_000;
  for (const a of group.alerts) {
    const before = alerts[a.fingerprint];
    // Without a start of its own, a firing alert still firing is the same firing (its first arrival stands as its start).
    const repeat = before !== undefined && before.status === a.status && (a.status === 'resolved' || before.startsAt === a.startsAt || a.startsAtDefaulted === true);
    // A resolution older than the window of an alert no longer remembered was noted when it was fresh.
    if (repeat || (before === undefined && a.status === 'resolved' && (a.endsAt ?? now) < since)) continue;
    const flips = [...(before?.flips ?? []).filter((t) => t >= since), now];
    const isFlapping = flips.length >= flapping.flips;
    const prior = priorOn(before, incident);
    const flags = isFlapping && before?.flapping !== true;
    alerts[a.fingerprint] = { status: a.status, startsAt: a.startsAt, flips, flapping: isFlapping, ...(incident ? { incident, flagged: prior.flapping || flags } : {}) };
    events.push({ type: a.status === 'firing' ? ALERT_EVENT.firing : ALERT_EVENT.resolved, data: { ...alertData(source, a), prior } });
    if (flags) {
      events.push({ type: ALERT_EVENT.flapping, data: { fingerprint: a.fingerprint, alertname: a.labels.alertname ?? '', flips: flips.length, windowMinutes: flapping.windowMinutes, prior } });
    }
    if (a.status === 'firing') {
      newlyFiring = true;
      if (!isFlapping) onlyFlapping = false;
    }
  }
  if (group.truncated > 0 && group.truncated !== prevTruncated) events.push({ type: ALERT_EVENT.truncated, data: { source, count: group.truncated } });
  forgetQuietResolved(alerts, since);
  return { alerts, truncated: group.truncated, events, newlyFiring, onlyFlapping: newlyFiring && onlyFlapping };
}
