import type { Localized } from '../../core/i18n/index.js';
import { formatBytes } from '../format.js';
import { L } from '../run-probe.js';
import type { Finding } from '../types.js';
import type { RedisProbeConfig } from './config.js';
import type { ScanTally } from './scan-count.js';

/** Below this much used memory the fragmentation ratio says nothing (Redis' MEMORY DOCTOR uses a similar floor). */
export const FRAGMENTATION_MIN_BYTES = 64 * 1024 * 1024;

/** What the Redis probe read; a limit that could not be read is `undefined` (unknown). */
export interface RedisSnapshot {
  pingMs: number;
  /** INFO server, memory, clients, stats and replication fields, merged. */
  info: Record<string, string>;
  maxmemory: number | undefined;
  policy: string | undefined;
  maxclients: number | undefined;
  /** False when CONFIG GET failed (renamed or denied on managed Redis). */
  configReadable: boolean;
  dbsize: number;
  tallies: ScanTally[];
}

/** Reads a numeric field; undefined when absent or not a number. */
export function num(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

const f = (verdict: Finding['verdict'], text: Localized): Finding => ({ verdict, text });

function memoryFindings(s: RedisSnapshot, cfg: RedisProbeConfig): Finding[] {
  const used = num(s.info.used_memory) ?? 0;
  const noeviction = s.policy === 'noeviction';
  const out: Finding[] = [];
  if (s.maxmemory === undefined) {
    out.push(f('ok', L(`memory ${formatBytes(used)} used; maxmemory unknown`, `内存已用 ${formatBytes(used)}；maxmemory 未知`)));
  } else if (s.maxmemory === 0) {
    out.push(f('ok', L(
      `memory ${formatBytes(used)} used; no maxmemory limit (unlimited): Redis grows until the host runs out of memory`,
      `内存已用 ${formatBytes(used)}；未设置 maxmemory（不限）：Redis 会一直增长直到主机内存耗尽`,
    )));
  } else {
    const pct = (used / s.maxmemory) * 100;
    const verdict = pct >= cfg.memoryCritPct ? 'crit' : pct >= cfg.memoryWarnPct ? 'warn' : 'ok';
    const oom = verdict !== 'ok' && noeviction;
    out.push(f(verdict, L(
      `memory ${pct.toFixed(1)}% used (${formatBytes(used)} of maxmemory ${formatBytes(s.maxmemory)})` +
        (oom ? '; with noeviction, writes fail with OOM once it is full' : ''),
      `内存使用 ${pct.toFixed(1)}%（${formatBytes(used)} / maxmemory ${formatBytes(s.maxmemory)}）` +
        (oom ? '；策略为 noeviction，内存满后所有写入都会因 OOM 失败' : ''),
    )));
    if (noeviction) {
      out.push(f('warn', L(
        'maxmemory-policy is noeviction: when memory is full every write fails and orders cannot be placed; ' +
          'consider volatile-lru with TTLs on cache keys (manual 2.3)',
        'maxmemory-policy 为 noeviction：内存满时所有写入失败，用户无法下单；建议使用 volatile-lru 并给缓存键设置过期时间（手册 2.3）',
      )));
    }
  }
  const ratio = num(s.info.mem_fragmentation_ratio);
  if (ratio !== undefined && used >= FRAGMENTATION_MIN_BYTES) {
    if (ratio > cfg.fragmentationWarn) {
      out.push(f('warn', L(
        `memory fragmentation ratio ${ratio} (above ${cfg.fragmentationWarn}): the process holds much more RAM than its data`,
        `内存碎片率 ${ratio}（高于 ${cfg.fragmentationWarn}）：进程占用的内存远多于数据本身`,
      )));
    } else if (ratio < 1) {
      out.push(f('warn', L(
        `memory fragmentation ratio ${ratio} (below 1): part of Redis memory is swapped out, expect slow commands`,
        `内存碎片率 ${ratio}（低于 1）：部分内存已被换出到磁盘，命令会变慢`,
      )));
    }
  }
  return out;
}

function clientFindings(s: RedisSnapshot, cfg: RedisProbeConfig): Finding[] {
  const connected = num(s.info.connected_clients) ?? 0;
  const out: Finding[] = [];
  if (s.maxclients) {
    const pct = (connected / s.maxclients) * 100;
    const verdict = connected >= s.maxclients ? 'crit' : pct >= cfg.clientsWarnPct ? 'warn' : 'ok';
    out.push(f(verdict, L(`clients ${connected} of maxclients ${s.maxclients}`, `连接数 ${connected} / maxclients ${s.maxclients}`)));
  } else {
    out.push(f('ok', L(`clients ${connected}; maxclients unknown`, `连接数 ${connected}；maxclients 未知`)));
  }
  const rejected = num(s.info.rejected_connections) ?? 0;
  if (rejected > 0) {
    out.push(f('warn', L(
      `${rejected} connections rejected since Redis started (maxclients reached)`,
      `自 Redis 启动以来有 ${rejected} 个连接被拒绝（达到 maxclients）`,
    )));
  }
  const evicted = num(s.info.evicted_keys) ?? 0;
  if (evicted > 0) {
    out.push(f('warn', L(
      `${evicted} keys evicted since Redis started: cache, sessions or stock locks may have been dropped`,
      `自 Redis 启动以来有 ${evicted} 个键被驱逐：缓存、会话或库存锁可能已丢失`,
    )));
  }
  return out;
}

function replicationFinding(info: Record<string, string>): Finding {
  if (info.role === 'slave') {
    const master = `${info.master_host ?? '?'}:${info.master_port ?? '?'}`;
    if (info.master_link_status === 'up') {
      return f('ok', L(`replica of ${master}, link up`, `从库，主库 ${master}，复制链路正常`));
    }
    const since = num(info.master_link_down_since_seconds);
    const ago = since !== undefined && since >= 0 ? ` for ${since} s` : '';
    const agoZh = since !== undefined && since >= 0 ? `已 ${since} 秒` : '';
    return f('crit', L(
      `replica of ${master}: link to master is ${info.master_link_status ?? 'unknown'}${ago}`,
      `从库，主库 ${master}：复制链路${agoZh}断开（${info.master_link_status ?? '未知'}）`,
    ));
  }
  const n = num(info.connected_slaves) ?? 0;
  const replicas = Object.keys(info)
    .filter((k) => /^slave\d+$/.test(k))
    .map((k) => (info[k] ?? '').replace(/^ip=([^,]*),port=([^,]*),/, '$1:$2 '));
  const list = replicas.length ? `: ${replicas.join('; ')}` : '';
  return f('ok', L(`${info.role ?? 'master'}, ${n} replicas connected${list}`, `主库，已连接 ${n} 个从库${list}`));
}

/** How a tally reads: `12`, `≥ 10000`. */
export function tallyText(t: ScanTally): string {
  return t.cut ? `≥ ${t.count}` : String(t.count);
}

function keyFindings(s: RedisSnapshot): Finding[] {
  return [
    f('ok', L(`${s.dbsize} keys in the database`, `数据库共 ${s.dbsize} 个键`)),
    ...s.tallies.map((t) => {
      const stopped = t.cut === 'stopped';
      return f('ok', L(
        `${t.pattern}: ${tallyText(t)} keys${stopped ? ' (scan stopped at the time limit)' : ''}`,
        `${t.pattern}：${tallyText(t)} 个键${stopped ? '（扫描到时限已停止）' : ''}`,
      ));
    }),
  ];
}

/** Turns what the probe read into findings, in a fixed order (runProbe sorts them worst first). */
export function assessRedis(s: RedisSnapshot, cfg: RedisProbeConfig): Finding[] {
  const ms = s.pingMs.toFixed(1);
  const latency =
    s.pingMs > cfg.latencyWarnMs
      ? f('warn', L(`PING took ${ms} ms (warn above ${cfg.latencyWarnMs} ms)`, `PING 耗时 ${ms} ms（超过 ${cfg.latencyWarnMs} ms 告警）`))
      : f('ok', L(`PING ${ms} ms`, `PING ${ms} ms`));
  return [latency, ...memoryFindings(s, cfg), ...clientFindings(s, cfg), replicationFinding(s.info), ...keyFindings(s)];
}

/** One line of numbers for a healthy Redis, in both languages. */
export function redisHeadline(s: RedisSnapshot): Localized {
  const used = formatBytes(num(s.info.used_memory) ?? 0);
  const limit = s.maxmemory === undefined ? '?' : s.maxmemory === 0 ? '∞' : formatBytes(s.maxmemory);
  const clients = `${s.info.connected_clients ?? '?'}/${s.maxclients ?? '?'}`;
  const keys = s.tallies.map((t) => ` · ${t.pattern} ${tallyText(t)}`).join('');
  const roleZh = s.info.role === 'slave' ? '从库' : '主库';
  return L(
    `PONG ${s.pingMs.toFixed(1)} ms · memory ${used}/${limit} · clients ${clients} · ${s.info.role ?? '?'}${keys}`,
    `PONG ${s.pingMs.toFixed(1)} ms · 内存 ${used}/${limit} · 连接 ${clients} · ${roleZh}${keys}`,
  );
}
