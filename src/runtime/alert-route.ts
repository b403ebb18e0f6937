import { ALERT_SOURCES, type AlertSource, type AlertsConfig } from '../alerts/config.js';
import { authorized } from '../alerts/auth.js';
import type { AlertIntake } from '../alerts/intake.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { StoreUnavailableError } from '../store/port.js';
import type { HttpResponse, HttpServer } from './http-server.js';

/** What the alert routes need. */
export interface AlertRouteDeps {
  config: AlertsConfig;
  intake: AlertIntake;
  logger: Logger;
  /** Time, for the refusal log's rate limit. */
  clock: Clock;
}

/** Refused requests are logged at most once a minute per source, with how many were not logged since. */
const REFUSAL_LOG_MS = 60_000;

const json = (status: number, value: Record<string, unknown>, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: `${JSON.stringify(value)}\n`,
});

/** Seconds a sender should wait before retrying a notification refused during a storm. */
const RETRY_AFTER_S = 60;

/**
 * `POST /alerts/alertmanager`, `/alerts/grafana` and `/alerts/webhook`: authenticated (bearer
 * token or HMAC, else 401 and a log line, nothing recorded), validated (400 with the reason,
 * nothing recorded; bodies over 64 KiB get 413 from the server), then handed to the intake.
 * 200 once every change is durable; 503 with Retry-After when the storm limit holds new
 * incidents back, another replica is still opening the group's incident, or the store is
 * unavailable (senders retry 5xx; a retried notification records only what is missing).
 */
export function addAlertRoutes(http: HttpServer, deps: AlertRouteDeps): void {
  const refusals = new Map<string, { loggedAt: number; unlogged: number }>();
  /** An unauthenticated flood must not fill the disk with log lines: one per source per minute, with a count. */
  const logRefusal = (source: string, fields: Record<string, unknown>): void => {
    const now = deps.clock.now();
    const seen = refusals.get(source);
    if (seen && now - seen.loggedAt < REFUSAL_LOG_MS) {
      seen.unlogged++;
      return;
    }
    deps.logger.warn('alert notification refused: bad or missing credentials', { source, ...fields, ...(seen?.unlogged ? { notLoggedSince: seen.unlogged } : {}) });
    refusals.set(source, { loggedAt: now, unlogged: 0 });
  };
  http.route('POST', '/alerts/:source', async (req) => {
    const source = req.params.source as AlertSource;
    if (!ALERT_SOURCES.includes(source)) return json(404, { error: `no alert source "${source.slice(0, 40)}": use ${ALERT_SOURCES.map((s) => `/alerts/${s}`).join(', ')}` });
    if (!authorized(deps.config, source, req.headers, req.body)) {
      logRefusal(source, { bytes: req.body.length, agent: String(req.headers['user-agent'] ?? '').slice(0, 80) });
      return json(401, { error: 'unauthorized: send Authorization: Bearer <alerts.token> or a valid HMAC signature' }, { 'www-authenticate': 'Bearer realm="zhiban alerts"' });
    }
    let out;
    try {
      out = await deps.intake.receive(source, req.body);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      deps.logger.error('alert notification not (fully) recorded: store unavailable', { source, reason: err.reason, unconfirmed: err.unconfirmed });
      return json(503, { error: 'the store is unavailable, so the notification may not be recorded: retry (repeats are not recorded twice)' }, { 'retry-after': '10' });
    }
    switch (out.kind) {
      case 'invalid':
        deps.logger.warn('alert notification refused: invalid body', { source, problem: out.problem });
        return json(400, { error: `invalid ${source} notification: ${out.problem}` });
      case 'busy':
        // 503, not 429: Alertmanager and Grafana retry 5xx answers, not every 4xx.
        return out.reason === 'storm'
          ? json(503, { error: 'too many new incidents from alerts this minute (alerts.maxNewIncidentsPerMinute): retry later', incidents: out.incidents }, { 'retry-after': String(RETRY_AFTER_S) })
          : json(503, { error: 'another zhiban replica is opening this group\'s incident: retry', incidents: out.incidents }, { 'retry-after': '5' });
      default:
        return json(200, { ok: true, incidents: out.incidents, opened: out.opened });
    }
  });
}
