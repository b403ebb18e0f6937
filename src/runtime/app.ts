import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { buildRegistry } from '../../commands/index.js';
import type { Config } from '../config/schema.js';
import type { Clock, DeadlineClock } from '../core/clock.js';
import { ApprovalService, EXPIRE_TIMER } from '../core/approvals/service.js';
import type { ActionsPort } from '../core/approvals/port.js';
import type { RunnerAlive } from '../core/approvals/reconcile.js';
import { buildActions } from '../actions/index.js';
import { Dispatcher } from '../core/dispatch.js';
import { TimerRunner } from '../core/timers.js';
import { Diagnostics } from '../diagnostics/service.js';
import { IncidentService } from '../core/incidents/service.js';
import type { Logger } from '../core/logger.js';
import { Redactor } from '../core/redact.js';
import type { Services } from '../core/services.js';
import { Directory } from '../core/users.js';
import { ReviewService } from '../review/service.js';
import { storeEvents } from '../review/source.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { JsonLogger } from './json-logger.js';
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
  /** This process's name among several replicas (in every log line and timer lease); default `<host>-<pid>`. */
  replicaId?: string;
  /** Whether another process running a remediation is alive (default: same-host pid check). */
  runnerAlive?: RunnerAlive;
}

/** Builds the whole bot from a parsed config (the only place where ports meet implementations). */
export async function createApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const clock = opts.clock ?? new SystemClock();
  const dataDir = opts.dataDir ?? resolve(config.dataDir);
  const redactor = new Redactor().add(...(opts.secrets ?? []));
  const replica = opts.replicaId ?? `${hostname()}-${process.pid}`;
  const sink = opts.logSink ?? fileSink(config.log.file ?? resolve(dataDir, 'zhiban.log'));
  const logger = new JsonLogger({ level: config.log.level, sink, redactor, clock }, { replica });
  const store = opts.store ?? (await openStore(config.store, { dataDir, clock, logger }));
  const directory = new Directory(config.users, config.access.unknownUsers);
  const registry = buildRegistry();
  const incidents = new IncidentService(store, clock, directory, config.timezone, logger, (v) => redactor.redactDeep(v));
  const redact = (s: string) => redactor.redact(s);
  const diagnostics = new Diagnostics(config.probes, redact, clock);
  const actions = opts.actions ?? buildActions({ actions: config.actions, probes: config.probes }, redact, clock);
  const policy = {
    expiresMinutes: config.approvals.expiresMinutes,
    twoForHighRisk: config.approvals.twoApprovals.highRisk,
    twoForP0: config.approvals.twoApprovals.p0,
    maxPerIncident: config.approvals.maxPerIncident,
  };
  const approvals = new ApprovalService({ store, clock, incidents, actions, policy, timeZone: config.timezone, logger, runner: thisRunner(), runnerAlive: opts.runnerAlive ?? runnerAlive });
  await approvals.reconcile().catch((err: unknown) => logger.error('request reconciliation failed', { error: (err as Error)?.message }));
  const timers = new TimerRunner(store, clock, replica, {
    [EXPIRE_TIMER]: async (t) => {
      await approvals.expire(String(t.payload.id));
    },
  }, logger);
  // A bot on a store of its own (tests) writes no review files unless given a data folder.
  const reviewsDir = opts.dataDir ?? (opts.store ? undefined : dataDir);
  const reviews = new ReviewService({ store, incidents, events: storeEvents(store), clock, redactor, logger, autoExport: config.review.autoExport, ...(reviewsDir ? { dataDir: reviewsDir } : {}), ...(config.review.manualUrl ? { manualUrl: config.review.manualUrl } : {}) });
  const services: Services = { catalogue: registry, directory, incidents, diagnostics, approvals, actions, reviews, timeZone: config.timezone };
  const localeFor = (p: 'console' | 'slack' | 'dingtalk') => config.platforms[p]?.locale ?? config.locale;
  const dispatcher = new Dispatcher({ services, registry, clock, logger, redactor, localeFor });
  return { dispatcher, services, store, config, logger, redactor, clock, timers, close: () => store.close() };
}


function fileSink(path: string): (line: string) => void {
  mkdirSync(dirname(path), { recursive: true });
  return (line) => appendFileSync(path, line);
}
