import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { buildRegistry } from '../../commands/index.js';
import type { Config } from '../config/schema.js';
import type { Clock, DeadlineClock } from '../core/clock.js';
import { ApprovalService, EXPIRE_TIMER } from '../core/approvals/service.js';
import type { ActionsPort } from '../core/approvals/port.js';
import type { RunnerAlive } from '../core/approvals/reconcile.js';
import { lazyActions } from '../actions/lazy.js';
import type { Platform } from '../core/invocation.js';
import type { Reply } from '../core/reply.js';
import { ContactsTable } from '../core/paging/contacts.js';
import { PAGING_TIMER } from '../core/paging/model.js';
import { PagingService } from '../core/paging/service.js';
import { chatPoster, postToConversation, replyPoster } from '../notifiers/chat-post.js';
import { PATROL_TIMER, PatrolService } from '../patrols/service.js';
import { DrillService } from '../drills/service.js';
import { drillInjectAction } from '../drills/inject-action.js';
import { faultTargets, withAction } from '../drills/wiring.js';
import { buildNotifiers } from '../notifiers/index.js';
import { buildOnCall, HANDOFF_TIMER } from '../oncall/index.js';
import type { ChatAdapter } from './chat-adapter.js';
import { AckLinkSigner } from '../core/paging/ack-link.js';
import { addAckRoutes } from './ack-route.js';
import { addAlertRoutes } from './alert-route.js';
import { AlertIntake } from '../alerts/intake.js';
import { HttpServer } from './http-server.js';
import { Dispatcher } from '../core/dispatch.js';
import { TimerRunner, type TimerHandler } from '../core/timers.js';
import { PROBES } from '../probes/registry.js';
import { prometheusMetrics, type AppMetrics } from '../service/metrics-port.js';
import { measuredStore } from '../store/measured-store.js';
import { Diagnostics } from '../diagnostics/service.js';
import { IncidentService } from '../core/incidents/service.js';
import type { Locale } from '../core/i18n/index.js';
import type { Logger } from '../core/logger.js';
import { Redactor } from '../core/redact.js';
import type { Services } from '../core/services.js';
import { Directory } from '../core/users.js';
import { ReviewService } from '../review/service.js';
import { loadRunbook } from '../runbook/load.js';
import type { Runbook } from '../core/checks/symptoms.js';
import { storeEvents } from '../review/source.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { createLogger } from './pino-logger.js';
import { SystemClock } from './system-clock.js';
import { runnerAlive, thisRunner } from './runner.js';

/** A running zhiban: the dispatcher adapters call, plus what they may need around it. */
export interface App {
  dispatcher: Dispatcher;
  services: Services;
  store: Store;
  config: Config;
  logger: Logger;
  redactor: Redactor;
  /** The clock every part of this app reads time from. */
  clock: Clock;
  /** Fires due timers (request expiry, escalations); the runtime calls it on an interval. */
  timers: TimerRunner;
  /** zhiban's one HTTP server (health, metrics, ack links, alert intake, Slack HTTP mode); `zhiban start` makes it listen (see service/http-plan.ts). */
  http: HttpServer;
  /** Prometheus metrics of this app (served at `/metrics` by `zhiban start`). */
  metrics: AppMetrics;
  /** Alert intake behind `POST /alerts/<source>` (present when `alerts:` is configured). */
  alerts?: AlertIntake;
  /** Running chat adapters by platform; an adapter adds itself when connected (pages reach people through it). */
  adapters: Map<Platform, ChatAdapter>;
  /** Closes the log file and opens its path again: after logrotate moved it away (SIGHUP). */
  reopenLog(): void;
  close(): Promise<void>;
}

/** Options of the composition root; everything has a production default. */
export interface AppOptions {
  config: Config;
  /** Secret values from the config (redacted everywhere). */
  secrets?: string[];
  /** Data folder, already resolved (defaults to config.dataDir relative to cwd). */
  dataDir?: string;
  clock?: DeadlineClock;
  store?: Store;
  /** Remediation actions (default: built from config). */
  actions?: ActionsPort;
  /** Where log lines go; default: the log file from config, else `<dataDir>/zhiban.log`. */
  logSink?: (line: string) => void;
  /** Write the log file asynchronously (long-running `zhiban start`; `close` flushes it). */
  asyncLog?: boolean;
  /** This process's name among several replicas (in every log line and timer lease); default `<host>-<pid>`. */
  replicaId?: string;
  /** Whether another process running a remediation is alive (default: same-host pid check). */
  runnerAlive?: RunnerAlive;
  /** Metrics to count into (default: a new Prometheus registry; NO_METRICS where nothing serves them). */
  metrics?: AppMetrics;
  /** Run due timers right after paging queued something (default: on, unless a test clock is given). */
  promptTimers?: boolean;
  /** The runbook (default: the shipped one merged with `runbook:` from config). */
  runbook?: Runbook;
}

/**
 * The language of replies on `platform`: `platforms.<platform>.locale`, else zh-CN on DingTalk (teams
 * there mostly write Chinese), else the top-level `locale`.
 */
export function platformLocale(config: Config, platform: Platform): Locale {
  return config.platforms[platform]?.locale ?? (platform === 'dingtalk' ? 'zh-CN' : config.locale);
}

/** Builds the whole bot from a parsed config (the only place where ports meet implementations). */
export async function createApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const clock = opts.clock ?? new SystemClock();
  const dataDir = opts.dataDir ?? resolve(config.dataDir);
  const pagingUrls = [config.paging.dingtalkRobot?.webhook, config.paging.webhook?.url].filter((u): u is string => u !== undefined);
  const redactor = new Redactor().add(...(opts.secrets ?? []), ...pagingUrls);
  const replica = opts.replicaId ?? `${hostname()}-${process.pid}`;
  const logger = createLogger({
    level: config.log.level,
    redactor,
    clock,
    base: { replica },
    ...(opts.logSink ? { sink: opts.logSink } : { file: config.log.file ?? resolve(dataDir, 'zhiban.log'), async: opts.asyncLog === true, rotate: { maxBytes: config.log.maxSizeMB * 1024 * 1024, keep: config.log.keep } }),
  });
  const metrics = opts.metrics ?? (await prometheusMetrics());
  const store = measuredStore(opts.store ?? (await openStore(config.store, { dataDir, clock, logger })), (op, ok, ms) => metrics.storeOp(op, ok, ms));
  const directory = new Directory(config.users, config.access.unknownUsers);
  const registry = buildRegistry();
  const incidents = new IncidentService(store, clock, directory, config.timezone, logger, (v) => redactor.redactDeep(v));
  const redact = (s: string) => redactor.redact(s);
  const diagnostics = new Diagnostics(config.probes, redact, clock, PROBES, (r) => metrics.probe(r));
  const runbook = opts.runbook ?? loadRunbook(config);
  const targets = faultTargets(config);
  const baseActions = opts.actions ?? lazyActions({ actions: config.actions, probes: config.probes }, redact, clock);
  const actions = withAction(baseActions, drillInjectAction({ drills: config.drills, targets, store, incidents, clock }));
  const policy = {
    expiresMinutes: config.approvals.expiresMinutes,
    twoForHighRisk: config.approvals.twoApprovals.highRisk,
    twoForP0: config.approvals.twoApprovals.p0,
    maxPerIncident: config.approvals.maxPerIncident,
  };
  const approvals = new ApprovalService({ store, clock, incidents, actions, policy, timeZone: config.timezone, logger, runner: thisRunner(), runnerAlive: opts.runnerAlive ?? runnerAlive });
  await approvals.reconcile().catch((err: unknown) => logger.error('request reconciliation failed', { error: (err as Error)?.message }));
  const localeFor = (p: Platform) => platformLocale(config, p);
  const adapters = new Map<Platform, ChatAdapter>();
  const lookup = (p: Platform) => adapters.get(p);
  let kick: (() => void) | undefined;
  const oncall = buildOnCall({ rotations: config.rotations, timeZone: config.timezone, store, clock, directory, incidents, approvals, logger, adapters: lookup, localeFor });
  const ackLinks = config.publicUrl ? new AckLinkSigner(store, clock, config.publicUrl, config.paging.ackLinkHours * 3_600_000) : undefined;
  const paging = new PagingService({
    ...(ackLinks ? { ackLinks } : {}),
    store, clock, incidents, logger, config: config.paging, locale: config.locale,
    contacts: new ContactsTable(config.contacts, directory, config.locale, oncall.schedules),
    notifiers: buildNotifiers(config.paging, lookup, clock, logger),
    poster: chatPoster(lookup, localeFor),
    kick: () => kick?.(),
  });
  incidents.subscribe((inc, event) => paging.onIncidentEvent(inc, event));
  incidents.subscribe((_inc, event) => metrics.event(event));
  const http = new HttpServer(logger);
  if (ackLinks) addAckRoutes(http, { links: ackLinks, paging, directory, locale: config.locale, timeZone: config.timezone });
  const drills = new DrillService({ drills: config.drills, targets, store, clock, incidents, approvals, locale: config.locale });
  const patrols = new PatrolService({ store, clock, diagnostics, incidents, logger, patrols: config.patrols, timeZone: config.timezone, localeFor, post: replyPoster(lookup, logger) });
  await patrols.ensureScheduled().catch((err: unknown) => logger.error('patrols could not be scheduled', { error: (err as Error)?.message }));
  const firePaging = async (t: { kind: string; payload: Record<string, unknown> }) => paging.fire(t.kind, t.payload);
  const handlers: Record<string, TimerHandler> = {
    [EXPIRE_TIMER]: async (t) => {
      await approvals.expire(String(t.payload.id));
    },
    ...Object.fromEntries(Object.values(PAGING_TIMER).map((kind) => [kind, firePaging])),
    [PATROL_TIMER]: (t) => patrols.fire(t),
    [HANDOFF_TIMER]: async (t) => oncall.notes.fire(t.payload),
  };
  const timed = Object.fromEntries(Object.entries(handlers).map(([kind, h]): [string, TimerHandler] => [kind, async (t) => (metrics.timer(kind, clock.now() - t.dueAt), h(t))]));
  const timers = new TimerRunner(store, clock, replica, timed, logger);
  await oncall.notes.ensureTimers().catch((err: unknown) => logger.error('could not schedule the next on-call hand-offs', { error: (err as Error)?.message }));
  if (opts.promptTimers ?? !opts.clock) kick = () => setImmediate(() => void timers.tick().catch(() => undefined));
  // A bot on a store of its own (tests) writes no review files unless given a data folder.
  const reviewsDir = opts.dataDir ?? (opts.store ? undefined : dataDir);
  const reviews = new ReviewService({ store, incidents, events: storeEvents(store), clock, redactor, logger, autoExport: config.review.autoExport, symptoms: (word) => runbook.find(word), ...(reviewsDir ? { dataDir: reviewsDir } : {}), ...(config.review.manualUrl ? { manualUrl: config.review.manualUrl } : {}) });
  const services: Services = { catalogue: registry, directory, incidents, diagnostics, runbook, approvals, actions, reviews, paging, oncall: oncall.service, patrols, drills, timeZone: config.timezone };
  const dispatcher = new Dispatcher({ services, registry, clock, logger, redactor, localeFor, observer: metrics });
  const post = async (platform: Platform, channel: string, r: Reply) => void (await postToConversation(lookup, platform, channel, redactor.redactDeep(r)));
  const alerts = config.alerts && new AlertIntake({ config: config.alerts, store, clock, incidents, diagnostics, runbook, logger, localeFor, timeZone: config.timezone, post });
  if (alerts) addAlertRoutes(http, { config: config.alerts!, intake: alerts, logger, clock });
  const close = async () => {
    await http.stop();
    await alerts?.idle();
    await store.close();
    await logger.flush();
  };
  return { dispatcher, services, store, config, logger, redactor, clock, timers, adapters, http, metrics, ...(alerts ? { alerts } : {}), reopenLog: () => logger.reopen(), close };
}

