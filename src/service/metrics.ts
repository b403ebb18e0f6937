import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { ProbeResult } from '../core/checks/model.js';
import type { CommandOutcome } from '../core/observer.js';
import type { StoredEvent } from '../store/port.js';
import type { AppMetrics } from './metrics-port.js';

/** Buckets (seconds) of command, probe and store latencies: 5 ms to 60 s. */
const LATENCY = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Buckets (seconds) of chat acknowledgements: Slack wants one within 3 s. */
const ACK = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Buckets (seconds) of how late a timer fired. */
const LAG = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900];

/** Outcome label of a page delivery, by timeline event type. */
const PAGE_OUTCOME: Record<string, string> = { 'paging.delivered': 'sent', 'paging.failed': 'failed', 'paging.deferred': 'deferred' };

/**
 * zhiban's Prometheus metrics on a Registry of its own (never prom-client's global one, so two
 * apps in one process never share counters). Every name starts with `zhiban_`; label values
 * are command names, probe targets, platforms and states from the config — never user text.
 */
export class Metrics implements AppMetrics {
  /** What `/metrics` serves. */
  readonly registry = new Registry();
  private readonly commands = this.counter('zhiban_commands_total', 'Commands handled, by command and outcome (ok, failed, refused, error).', ['command', 'outcome']);
  private readonly commandSeconds = this.histogram('zhiban_command_duration_seconds', 'Time from a command arriving to its reply, by command.', ['command'], LATENCY);
  private readonly ackSeconds = this.histogram('zhiban_chat_ack_duration_seconds', 'Time from a chat request arriving to its acknowledgement, by platform.', ['platform'], ACK);
  private readonly reconnects = this.counter('zhiban_chat_reconnects_total', 'Times a chat connection was lost and re-established, by platform.', ['platform']);
  private readonly probes = this.counter('zhiban_probe_results_total', 'Probe results, by probe family, target and verdict.', ['probe', 'target', 'verdict']);
  private readonly probeSeconds = this.histogram('zhiban_probe_duration_seconds', 'Probe run time, by probe family and target.', ['probe', 'target'], LATENCY);
  private readonly approvals = this.counter('zhiban_approvals_total', 'Remediation requests reaching a state (requested, approved, denied, expired, rejected, declined, executed, verified).', ['state']);
  private readonly pages = this.counter('zhiban_pages_total', 'Page deliveries, by channel and outcome (sent, failed, deferred).', ['channel', 'outcome']);
  private readonly timerLag = this.histogram('zhiban_timer_lag_seconds', 'How long after its due time a timer fired, by kind.', ['kind'], LAG);
  private readonly storeSeconds = this.histogram('zhiban_store_operation_duration_seconds', 'Store operation latency, by operation and outcome (ok, error).', ['op', 'outcome'], LATENCY);
  private defaults = false;

  /** Adds the standard process and Node.js metrics (CPU, memory, event loop lag); once, when serving. */
  collectDefaults(): void {
    if (this.defaults) return;
    this.defaults = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** The metrics in Prometheus text format, with its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  command(name: string, outcome: CommandOutcome, ms: number): void {
    this.commands.inc({ command: name, outcome });
    this.commandSeconds.observe({ command: name }, ms / 1000);
  }

  /** A chat request was acknowledged `ms` after it arrived. */
  ack(platform: string, ms: number): void {
    this.ackSeconds.observe({ platform }, ms / 1000);
  }

  /** A chat connection was re-established. */
  reconnect(platform: string): void {
    this.reconnects.inc({ platform });
  }

  /** A probe finished. */
  probe(r: ProbeResult): void {
    this.probes.inc({ probe: r.probe, target: r.target, verdict: r.verdict });
    this.probeSeconds.observe({ probe: r.probe, target: r.target }, r.durationMs / 1000);
  }

  /** A timer of `kind` fired `lagMs` after it was due. */
  timer(kind: string, lagMs: number): void {
    this.timerLag.observe({ kind }, Math.max(0, lagMs) / 1000);
  }

  /** A store operation took `ms`. */
  storeOp(op: string, ok: boolean, ms: number): void {
    this.storeSeconds.observe({ op, outcome: ok ? 'ok' : 'error' }, ms / 1000);
  }

  /** Counts approvals and pages from the timeline events this process records. */
  event(e: StoredEvent): void {
    if (e.type.startsWith('action.')) this.approvals.inc({ state: e.type.slice('action.'.length) });
    const outcome = PAGE_OUTCOME[e.type];
    if (outcome) this.pages.inc({ channel: typeof e.data.channel === 'string' ? e.data.channel : 'unknown', outcome });
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}
