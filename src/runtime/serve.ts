import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { addServiceRoutes } from '../service/routes.js';
import { httpPlan } from '../service/http-plan.js';
import type { App } from './app.js';
import { AdapterStartError, type ChatAdapter } from './chat-adapter.js';
import { Runtime, type RuntimeOptions } from './runtime.js';
import type { TimerLoop } from './timer-loop.js';

/** Where `serveFromEnv` talks to the operator, which emitter delivers SIGTERM/SIGINT, and how to exit at once. */
export interface ServeIo {
  out: Writable;
  err: Writable;
  signals: EventEmitter;
  /** Ends the process now (a second signal during shutdown); default `process.exit`. */
  exit?: (code: number) => void;
}

/** Options of `serveFromEnv` beyond the runtime's. */
export interface ServeOptions extends RuntimeOptions {
  /** The running timer loop: readiness watches it, shutdown stops it and hands its leases back. */
  timerLoop?: TimerLoop;
  /** How long commands in progress may take to finish after SIGTERM (default 25 s). */
  graceMs?: number;
  /** Called once everything has started and zhiban serves (main releases holdStartUpMemory). */
  serving?: () => void;
}

/** Default of ServeOptions.graceMs: inside Kubernetes' default 30 s termination grace period. */
export const SHUTDOWN_GRACE_MS = 25_000;
/** Exit code after a second SIGTERM/SIGINT cut shutdown short (128 + SIGTERM). */
export const EXIT_INTERRUPTED = 143;

/**
 * `zhiban start`: starts every chat platform configured in `env` in one runtime over `app`, and
 * zhiban's one HTTP server when needed (see httpPlan: health, readiness, metrics, ack links,
 * Slack HTTP mode), then serves until SIGTERM or SIGINT (SIGHUP reopens the log file). Shutdown: new commands are refused,
 * those in progress get `graceMs` to finish, the platforms disconnect, the timer loop stops and
 * hands its leases back, the HTTP server closes (the caller closes the store). A second signal
 * exits at once with EXIT_INTERRUPTED. Resolves true after a clean stop; false when nothing
 * could start, with the reason on `err`.
 */
export async function serveFromEnv(app: App, env: NodeJS.ProcessEnv, io: ServeIo, opts: ServeOptions = {}): Promise<boolean> {
  const runtime = new Runtime(app, { ...opts, http: app.http });
  let adapters: ChatAdapter[];
  try {
    adapters = await runtime.fromEnv(env);
    if (adapters.length === 0) {
      io.err.write('zhiban start: no chat platform is configured. Set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET), or DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET: see README "Slack" and "DingTalk (钉钉)".\n');
      return false;
    }
    if (!(await startHttp(app, env, io, runtime, adapters, opts.timerLoop))) return false;
    await runtime.start(adapters);
  } catch (err) {
    if (!(err instanceof AdapterStartError)) throw err;
    io.err.write(`zhiban start: ${err.message}\n`);
    await app.http.stop();
    return false;
  }
  for (const h of runtime.health()) io.out.write(`zhiban: ${h.detail ?? `${h.platform} ${h.state}`}.\n`);
  const hup = (): void => {
    app.reopenLog();
    app.logger.info('log file reopened (SIGHUP)');
  };
  io.signals.on('SIGHUP', hup);
  io.out.write('zhiban: serving. Stop with Ctrl-C.\n');
  opts.serving?.();
  const signal = await nextSignal(io.signals);
  const exit = io.exit ?? ((code: number) => process.exit(code));
  const again = (): void => {
    io.err.write('zhiban: second signal, exiting now without waiting.\n');
    exit(EXIT_INTERRUPTED);
  };
  io.signals.on('SIGTERM', again);
  io.signals.on('SIGINT', again);
  try {
    const graceMs = opts.graceMs ?? SHUTDOWN_GRACE_MS;
    const started = Date.now();
    io.out.write(`zhiban: ${signal} received, finishing work in progress (up to ${Math.round(graceMs / 1000)} s; send it again to exit at once)…\n`);
    app.logger.info('shutdown started', { signal, graceMs });
    app.http.refuseChanges();
    if (!(await runtime.drain(graceMs))) {
      app.logger.warn('shutdown: commands still running after the grace period; stopping anyway', { graceMs });
      io.err.write(`zhiban: commands still running after ${Math.round(graceMs / 1000)} s; stopping anyway.\n`);
    }
    await runtime.stop(Math.max(1_000, graceMs - (Date.now() - started)));
    await opts.timerLoop?.stop();
    await app.http.stop();
    app.logger.info('shutdown complete');
    io.out.write('zhiban: stopped.\n');
    return true;
  } finally {
    io.signals.off('SIGTERM', again);
    io.signals.off('SIGINT', again);
    io.signals.off('SIGHUP', hup);
  }
}

/** Starts the HTTP server if the config or a platform needs it; false (reason on `err`) when it cannot listen. */
async function startHttp(app: App, env: NodeJS.ProcessEnv, io: ServeIo, runtime: Runtime, adapters: ChatAdapter[], loop: TimerLoop | undefined): Promise<boolean> {
  let plan;
  try {
    plan = httpPlan(app.config, env, adapters);
  } catch (err) {
    io.err.write(`zhiban start: ${(err as Error).message}\n`);
    return false;
  }
  if (!plan) return true;
  addServiceRoutes(app.http, {
    store: app.store,
    metrics: app.metrics,
    platforms: () => runtime.health(),
    lastTickAt: () => loop?.lastTickAt(),
    tickEveryMs: loop?.everyMs ?? 5_000,
    draining: () => runtime.isDraining,
    now: () => Date.now(),
    redact: (s) => app.redactor.redact(s),
    ...(app.config.http?.token ? { token: app.config.http.token } : {}),
  });
  app.metrics.collectDefaults();
  try {
    const port = await app.http.start(plan.port, plan.host);
    const serves = [
      '/healthz, /readyz, /metrics',
      app.config.publicUrl ? `ack links under ${app.config.publicUrl}/ack/…` : '',
      app.config.alerts ? 'alerts at POST /alerts/{alertmanager,grafana,webhook}' : '',
      adapters.some((a) => a.httpPort !== undefined) ? 'Slack at POST /slack/events' : '',
    ];
    io.out.write(`zhiban: HTTP server on port ${port} (${serves.filter(Boolean).join('; ')})\n`);
    return true;
  } catch (err) {
    const e = err as Error & { code?: string };
    io.err.write(`zhiban start: the HTTP server could not listen on port ${plan.port} (${e.code ?? e.message}). Set http.port or ZHIBAN_HTTP_PORT to a free port.\n`);
    return false;
  }
}

function nextSignal(signals: EventEmitter): Promise<string> {
  return new Promise<string>((resolve) => {
    const on = (name: string) => () => {
      signals.off('SIGTERM', term);
      signals.off('SIGINT', int);
      resolve(name);
    };
    const term = on('SIGTERM');
    const int = on('SIGINT');
    signals.on('SIGTERM', term);
    signals.on('SIGINT', int);
  });
}
