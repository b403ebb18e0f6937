import { Redactor } from '../../core/redact.js';
import { formatTable } from '../format.js';
import { redisUrlRedactor } from '../redis/client.js';
import { describeFailure, L, worst } from '../run-probe.js';
import type { Finding, Probe, ProbeContext, ProbeResult } from '../types.js';
import { readQueues, type BrokerInfo, type QueueReading } from './amqp.js';
import { assessQueue, type DepthMemory, type QueueView } from './assess.js';
import type { MqProbeConfig } from './config.js';
import { queueStats, vhostOf, type QueueStats } from './management.js';

type RunResult = Omit<ProbeResult, 'durationMs'>;

/**
 * The last depth read of each dead-letter queue in this process, keyed by broker and queue, so a
 * later `/check mq` can tell a growing dead-letter queue from a steady one.
 */
const deadLetterMemory = new Map<string, DepthMemory>();

/** `host:port/vhost` of an AMQP URL, without credentials. */
function endpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'amqps:' ? '5671' : '5672')}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return '?';
  }
}

const rateCell = (r: number | null | undefined): string => (r === null || r === undefined ? '-' : `${r.toFixed(1)}/s`);

function detailText(cfg: MqProbeConfig, broker: BrokerInfo, views: QueueView[]): string {
  const rows = views.map(({ reading: r, stats: s, spec }) => [
    r.name + (spec.deadLetter ? ' (DLQ)' : ''),
    r.exists ? r.messages : 'missing',
    r.exists ? r.consumers : '-',
    s ? s.unacked : '-',
    rateCell(s?.publishRate),
    rateCell(s?.deliverRate),
    rateCell(s?.ackRate),
  ]);
  const table = formatTable(rows, { columns: ['QUEUE', 'READY', 'CONSUMERS', 'UNACKED', 'PUBLISH', 'DELIVER', 'ACK'], maxCell: 60 });
  const head = `${broker.product} ${broker.version} at ${endpoint(cfg.url)}`;
  return views.length ? `${head}\n${table}` : head;
}

/** Unacked counts and rates from the management API, when configured; a failure is a warn, the AMQP readings stand. */
async function managementStats(cfg: MqProbeConfig, readings: QueueReading[], signal: AbortSignal): Promise<{ stats: Map<string, QueueStats>; problem?: Finding }> {
  const stats = new Map<string, QueueStats>();
  const m = cfg.management;
  if (!m) return { stats };
  const vhost = vhostOf(cfg.url);
  try {
    for (const r of readings.filter((x) => x.exists)) stats.set(r.name, await queueStats(m, vhost, r.name, signal));
    return { stats };
  } catch (err) {
    const why = String((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
    return { stats, problem: { verdict: 'warn', text: L(`management API ${m.url} not readable (${why}): unacked messages and rates not shown`, `管理接口 ${m.url} 无法读取（${why}）：未显示未确认消息和速率`) } };
  }
}

/** Remembers each dead-letter queue's depth and returns the views with the previous reading. */
function withMemory(cfg: MqProbeConfig, readings: QueueReading[], stats: Map<string, QueueStats>, now: number): QueueView[] {
  return cfg.queues.map((spec, i) => {
    const reading = readings[i]!;
    const key = `${endpoint(cfg.url)}|${spec.name}`;
    const previous = spec.deadLetter ? deadLetterMemory.get(key) : undefined;
    if (spec.deadLetter && reading.exists) deadLetterMemory.set(key, { messages: reading.messages, at: now });
    const s = stats.get(spec.name);
    return { spec, reading, ...(s ? { stats: s } : {}), ...(previous ? { previous } : {}) };
  });
}

/** `redact` plus the password of the AMQP URL and of the management API. */
function mqRedactor(cfg: MqProbeConfig, redact: (s: string) => string): (s: string) => string {
  const byUrl = redisUrlRedactor(cfg.url, redact);
  const secrets = new Redactor().add(...(cfg.management ? [cfg.management.password] : []));
  return (s) => secrets.redact(byUrl(s));
}

function failed(err: unknown, redact: (s: string) => string): Finding {
  const message = String((err as Error)?.message ?? err);
  if (/ACCESS[-_]REFUSED|403/.test(message)) return { verdict: 'crit', text: L(`access refused by the broker (${redact(message).slice(0, 200)}): check the user, password and vhost in probes.mq.url`, `服务器拒绝访问（${redact(message).slice(0, 200)}）：请检查 probes.mq.url 中的用户、密码和 vhost`) };
  return describeFailure(err, redact);
}

/**
 * The RabbitMQ probe (the article's split-personality orders): one short AMQP connection that
 * reads each configured queue passively (ready messages, consumers) and, with `management`, the
 * unacknowledged messages and rates over HTTP. The URL's password never appears in a result.
 * Dead-letter depths are remembered in this process to tell growth.
 */
export function mqProbe(cfg: MqProbeConfig): Probe {
  const base = { probe: 'mq', target: `mq ${endpoint(cfg.url)}` };
  return {
    ...base,
    async run(ctx: ProbeContext): Promise<RunResult> {
      const redact = mqRedactor(cfg, ctx.redact);
      let read: Awaited<ReturnType<typeof readQueues>>;
      try {
        read = await readQueues(cfg.url, cfg.queues.map((q) => q.name), ctx.timeoutMs, ctx.signal);
      } catch (err) {
        const f = failed(err, redact);
        return { ...base, verdict: f.verdict, summary: f.text, findings: [f], detail: redact(cfg.url) };
      }
      const { stats, problem } = await managementStats(cfg, read.queues, ctx.signal);
      const views = withMemory(cfg, read.queues, stats, ctx.clock.now());
      const findings = [...views.flatMap(assessQueue), ...(problem ? [problem] : [])];
      if (cfg.queues.length === 0) findings.push({ verdict: 'warn', text: L('connected, but no queues configured: add probes.mq.queues', '已连接，但未配置队列：请在 probes.mq.queues 中添加') });
      const verdict = worst(findings.map((f) => f.verdict));
      const summary =
        verdict === 'ok'
          ? L(`${views.length} queue(s) consumed, none backed up (${read.broker.product} ${read.broker.version})`, `${views.length} 个队列均有消费者，无积压（${read.broker.product} ${read.broker.version}）`)
          : findings.find((f) => f.verdict === verdict)!.text;
      return { ...base, verdict, summary: L(redact(summary.en), redact(summary['zh-CN'])), findings, detail: redact(detailText(cfg, read.broker, views)) };
    },
  };
}
