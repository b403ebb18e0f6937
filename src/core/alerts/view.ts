import type { Field } from '../reply.js';
import { formatDateTime } from '../time.js';
import type { Incident } from '../incidents/model.js';
import type { ViewContext } from '../view-context.js';
import { ALERT_EVENT, alertSummaryOf, allAlertsResolved } from './model.js';

/** The "Alerts" field of an incident card: how many of its alerts still fire, or that all resolved with the next step. */
export function cardAlerts(v: ViewContext, inc: Incident): Field[] {
  const a = inc.alerts && alertSummaryOf(inc.alerts);
  if (!a || a.seen.count === 0) return [];
  const flapping = a.flapping.count > 0 ? ` · ${v.t('alerts.card.flapping', { count: a.flapping.count })}` : '';
  if (allAlertsResolved(a) && inc.status !== 'resolved') {
    const hint = inc.status === 'mitigated' ? '' : ` ${v.t('alerts.card.suggest', { id: inc.id })}`;
    return [{ label: v.t('alerts.card'), value: `${v.t('alerts.card.allResolved', { count: a.seen.count })}${flapping}${hint}` }];
  }
  return [{ label: v.t('alerts.card'), value: `${v.t('alerts.card.firing', { firing: a.firing.count, seen: a.seen.count })}${flapping}` }];
}

/** One alert event as a timeline sentence; undefined for other event types. */
export function describeAlertEvent(v: ViewContext, type: string, d: Record<string, unknown>): string | undefined {
  const s = (k: string): string => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : '');
  const time = (k: string): string => (typeof d[k] === 'number' ? formatDateTime(d[k], v.timeZone, true) : '?');
  const name = s('alertname') || s('fingerprint');
  const link = s('generatorURL') ? ` <${s('generatorURL')}>` : '';
  switch (type) {
    case ALERT_EVENT.firing: {
      const summary = d.annotations && typeof d.annotations === 'object' ? (d.annotations as Record<string, unknown>).summary : undefined;
      const about = typeof summary === 'string' && summary ? v.t('alerts.event.about', { summary }) : '';
      return v.t('alerts.event.firing', { name, source: s('source'), time: time('startsAt'), about }) + link;
    }
    case ALERT_EVENT.resolved:
      return v.t('alerts.event.resolved', { name, source: s('source'), time: time('endsAt') }) + link;
    case ALERT_EVENT.flapping:
      return v.t('alerts.event.flapping', { name, flips: s('flips'), minutes: s('windowMinutes') });
    case ALERT_EVENT.truncated:
      return v.t('alerts.event.truncated', { source: s('source'), count: s('count') });
    default:
      return undefined;
  }
}
