import { formatBytes } from '../format.js';
import { describeFailure, L, truncate, worst } from '../run-probe.js';
import type { Probe, ProbeContext, ProbeResult } from '../types.js';
import { assessRedis, FRAGMENTATION_MIN_BYTES, num, redisHeadline, tallyText, type RedisSnapshot } from './assess.js';
import { redisUrlRedactor, withRedisClient } from './client.js';
import type { RedisProbeConfig } from './config.js';
import { ReadOnlyRedis } from './read-only.js';
import { scanCount, type ScanTally } from './scan-count.js';

/** Longest detail text a Redis probe returns. */
const DETAIL_MAX = 3000;
/** PINGs sent; the fastest is the latency (the first one also pays for warming up the client). */
const PING_SAMPLES = 3;
/** Key counting stops at this share of the probe's time, leaving room to answer. */
const SCAN_BUDGET = 0.7;

type RunResult = Omit<ProbeResult, 'durationMs'>;

/** `host:port` of a Redis URL, without credentials (`?` when the URL cannot be parsed). */
function redisEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || '127.0.0.1'}:${u.port || '6379'}`;
  } catch {
    return '?';
  }
}

function detailText(s: RedisSnapshot): string {
  const i = s.info;
  const limit = s.maxmemory === undefined ? 'unknown' : s.maxmemory === 0 ? '0 (unlimited)' : formatBytes(s.maxmemory);
  const lines = [
    `redis_version ${i.redis_version ?? '?'} · mode ${i.redis_mode ?? '?'} · uptime_in_days ${i.uptime_in_days ?? '?'}`,
    `ping ${s.pingMs.toFixed(1)} ms`,
    `used_memory ${formatBytes(num(i.used_memory) ?? 0)} · maxmemory ${limit} · maxmemory-policy ${s.policy ?? 'unknown'}`,
    `mem_fragmentation_ratio ${i.mem_fragmentation_ratio ?? '?'} · used_memory_rss ${formatBytes(num(i.used_memory_rss) ?? 0)}` +
      ((num(i.used_memory) ?? 0) < FRAGMENTATION_MIN_BYTES ? ` (not judged below ${formatBytes(FRAGMENTATION_MIN_BYTES)} used)` : ''),
    `connected_clients ${i.connected_clients ?? '?'} · maxclients ${s.maxclients ?? 'unknown'} · rejected_connections ${i.rejected_connections ?? '?'} · evicted_keys ${i.evicted_keys ?? '?'}`,
    `role ${i.role ?? '?'} · connected_slaves ${i.connected_slaves ?? '?'}` +
      (i.role === 'slave' ? ` · master_link_status ${i.master_link_status ?? '?'}` : ''),
    `dbsize ${s.dbsize}`,
    ...s.tallies.map((t) => `${t.pattern} ${tallyText(t)}${t.sample.length ? ` · e.g. ${t.sample.join(', ')}` : ''}`),
  ];
  if (!s.configReadable) lines.push('CONFIG GET unavailable (renamed or denied): limits taken from INFO where present');
  return truncate(lines.join('\n'), DETAIL_MAX);
}

async function readSnapshot(r: ReadOnlyRedis, cfg: RedisProbeConfig, ctx: ProbeContext): Promise<RedisSnapshot> {
  const scanUntil = performance.now() + ctx.timeoutMs * SCAN_BUDGET;
  const pings: number[] = [];
  for (let i = 0; i < PING_SAMPLES; i += 1) {
    const t0 = performance.now();
    await r.ping();
    pings.push(performance.now() - t0);
  }
  const [server, memory, clients, stats, replication, maxmemory, policy, maxclients, dbsize] = await Promise.all([
    r.info('server'),
    r.info('memory'),
    r.info('clients'),
    r.info('stats'),
    r.info('replication'),
    r.configGet('maxmemory'),
    r.configGet('maxmemory-policy'),
    r.configGet('maxclients'),
    r.dbsize(),
  ]);
  const tallies: ScanTally[] = [];
  for (const pattern of cfg.patterns) {
    const shouldStop = (): boolean => ctx.signal.aborted || performance.now() > scanUntil;
    tallies.push(await scanCount(r, pattern, { limit: cfg.scanLimit, shouldStop }));
  }
  const info = { ...server, ...memory, ...clients, ...stats, ...replication };
  return {
    pingMs: Math.min(...pings),
    info,
    maxmemory: num(maxmemory) ?? num(info.maxmemory),
    policy: policy ?? info.maxmemory_policy,
    maxclients: num(maxclients) ?? num(info.maxclients),
    configReadable: maxmemory !== undefined || policy !== undefined || maxclients !== undefined,
    dbsize,
    tallies,
  };
}

function failed(err: unknown, redact: (s: string) => string): Omit<RunResult, 'probe' | 'target'> {
  const failure = describeFailure(err, redact);
  const findings = [failure];
  if (failure.verdict === 'crit') {
    findings.push({
      verdict: 'crit',
      text: L(
        'check the Redis container (/check docker redis), its logs (/logs redis) and probes.redis.url; manual 2.3',
        '请检查 Redis 容器（/check docker redis）、日志（/logs redis）和 probes.redis.url 配置；见手册 2.3',
      ),
    });
  }
  return { verdict: failure.verdict, summary: failure.text, findings };
}

/**
 * The Redis probe (manual 2.3, 2.6): one short-lived connection that sends only allowlisted read
 * commands (see ReadOnlyRedis), never retries or reconnects, and is closed when the probe ends or
 * its deadline aborts it. The URL's password is used to connect and never appears in the result.
 */
export function redisProbe(cfg: RedisProbeConfig): Probe {
  const target = `redis ${redisEndpoint(cfg.url)}`;
  const base = { probe: 'redis', target };
  return {
    ...base,
    async run(ctx) {
      const redact = redisUrlRedactor(cfg.url, ctx.redact);
      try {
        return await withRedisClient(cfg.url, ctx, async (client) => {
          const snapshot = await readSnapshot(new ReadOnlyRedis(client), cfg, ctx);
          const findings = assessRedis(snapshot, cfg);
          const verdict = worst(findings.map((x) => x.verdict));
          const summary = findings.find((x) => x.verdict === verdict && verdict !== 'ok')?.text ?? redisHeadline(snapshot);
          return { ...base, verdict, summary, findings, detail: redact(detailText(snapshot)) };
        });
      } catch (err) {
        return { ...base, ...failed(err, redact) };
      }
    },
  };
}
