import type { Localized } from '../../core/i18n/index.js';
import { joinLocalized, localizedDuration, plural } from '../format.js';
import { L, worst } from '../run-probe.js';
import type { Finding, ProbeResult } from '../types.js';
import type { MysqlProbeConfig } from './config.js';
import type { Deadlock } from './deadlock.js';
import { mysqlDetail } from './detail.js';
import { maskedLine } from './format.js';
import type { LockWait } from './lock-waits.js';
import type { LongQuery } from './long-queries.js';

/** Everything the mysql probe read in one visit; optional sections hold the Error that kept them unread. */
export interface MysqlSnapshot {
  version: string;
  pingMs: number;
  status: Map<string, number>;
  maxConnections: number;
  longQueries: LongQuery[];
  lockWaits: LockWait[] | Error;
  deadlock: Deadlock | undefined | Error;
}

/** A long query running this many times `slowQuerySeconds` is critical. */
export const LONG_QUERY_CRIT_FACTOR = 10;
/** This many long queries at once is critical. */
export const LONG_QUERY_CRIT_COUNT = 10;
/** A lock wait this many seconds old is critical. */
export const LOCK_WAIT_CRIT_SECONDS = 30;
/** This many waiting transactions at once is critical. */
export const LOCK_WAIT_CRIT_COUNT = 5;
const STATEMENT_MAX = 80;

type Redact = (s: string) => string;

/** The latest deadlock when it happened within the configured window. */
function recentDeadlock(s: MysqlSnapshot, cfg: MysqlProbeConfig): Deadlock | undefined {
  const dl = s.deadlock;
  if (!dl || dl instanceof Error || dl.ageSeconds === undefined) return undefined;
  return dl.ageSeconds <= cfg.deadlockWindowMinutes * 60 ? dl : undefined;
}

function unreadable(what: Localized, err: Error, redact: Redact): Finding {
  const msg = redact(err.message);
  return { verdict: 'warn', text: L(`could not read ${what.en}: ${msg}`, `无法读取${what['zh-CN']}：${msg}`) };
}

function pingFinding(s: MysqlSnapshot, cfg: MysqlProbeConfig): Finding {
  const ms = Math.round(s.pingMs);
  if (ms <= cfg.latencyWarnMs) {
    return { verdict: 'ok', text: L(`${s.version} answers, ping ${ms} ms`, `${s.version} 可用，ping ${ms} 毫秒`) };
  }
  const limit = cfg.latencyWarnMs;
  return { verdict: 'warn', text: L(`slow ping ${ms} ms (limit ${limit} ms)`, `ping 偏慢 ${ms} 毫秒（阈值 ${limit} 毫秒）`) };
}

function connectionsFinding(s: MysqlSnapshot, cfg: MysqlProbeConfig): Finding {
  const used = s.status.get('Threads_connected') ?? 0;
  const pct = s.maxConnections > 0 ? Math.round((used / s.maxConnections) * 100) : 0;
  const verdict = pct >= cfg.connectionsCritPct ? 'crit' : pct >= cfg.connectionsWarnPct ? 'warn' : 'ok';
  const base = L(`connections ${used}/${s.maxConnections} (${pct}%)`, `连接数 ${used}/${s.maxConnections}（${pct}%）`);
  if (verdict === 'ok') return { verdict, text: base };
  return {
    verdict,
    text: L(
      `${base.en}: kill idle connections or raise the pool size (manual 2.2)`,
      `${base['zh-CN']}：清理空闲连接或调整连接池（手册 2.2）`,
    ),
  };
}

function runningFindings(s: MysqlSnapshot, cfg: MysqlProbeConfig): Finding[] {
  const n = s.status.get('Threads_running') ?? 0;
  const limit = cfg.threadsRunningWarn;
  if (n < limit) return [];
  return [{ verdict: 'warn', text: L(`${n} threads running (limit ${limit})`, `${n} 个线程正在执行（阈值 ${limit}）`) }];
}

function longQueryFindings(s: MysqlSnapshot, cfg: MysqlProbeConfig): Finding[] {
  const top = s.longQueries[0];
  if (!top) return [];
  const n = s.longQueries.length;
  const critical = top.timeSeconds >= cfg.slowQuerySeconds * LONG_QUERY_CRIT_FACTOR || n >= LONG_QUERY_CRIT_COUNT;
  const d = localizedDuration(top.timeSeconds * 1000);
  const min = cfg.slowQuerySeconds;
  return [
    {
      verdict: critical ? 'crit' : 'warn',
      text: L(
        `${plural(n, 'long query', 'long queries')} (≥ ${min} s), longest ${d.en} on thread ${top.id} (manual 2.4)`,
        `${n} 条长查询（≥ ${min} 秒），最长 ${d['zh-CN']}，线程 ${top.id}（手册 2.4）`,
      ),
    },
  ];
}

function lockWaitFindings(s: MysqlSnapshot, cfg: MysqlProbeConfig, redact: Redact): Finding[] {
  if (s.lockWaits instanceof Error) return [unreadable(L('lock waits', '锁等待'), s.lockWaits, redact)];
  const many = s.lockWaits.length >= LOCK_WAIT_CRIT_COUNT;
  return s.lockWaits.slice(0, cfg.topN).map((w) => {
    const d = localizedDuration(w.waitSeconds * 1000);
    const stmt = redact(maskedLine(w.waitingQuery, STATEMENT_MAX));
    return {
      verdict: many || w.waitSeconds >= LOCK_WAIT_CRIT_SECONDS ? 'crit' : 'warn',
      text: L(
        `thread ${w.waitingId} waits ${d.en} for a lock held by thread ${w.blockingId}: ${stmt} (manual 2.10)`,
        `线程 ${w.waitingId} 等待锁 ${d['zh-CN']}，被线程 ${w.blockingId} 阻塞：${stmt}（手册 2.10）`,
      ),
    };
  });
}

function deadlockFindings(s: MysqlSnapshot, cfg: MysqlProbeConfig, redact: Redact): Finding[] {
  if (s.deadlock instanceof Error) return [unreadable(L('InnoDB status', ' InnoDB 状态'), s.deadlock, redact)];
  const dl = s.deadlock;
  if (!dl) return [];
  const age = dl.ageSeconds === undefined ? undefined : localizedDuration(dl.ageSeconds * 1000);
  const ago = age ? L(`${age.en} ago`, `${age['zh-CN']}前`) : L('at an unknown time', '时间未知');
  if (!recentDeadlock(s, cfg)) {
    return [{ verdict: 'ok', text: L(`last deadlock ${ago.en} (${dl.at})`, `最近一次死锁：${ago['zh-CN']}（${dl.at}）`) }];
  }
  const tables = dl.tables.join(', ') || '?';
  const threads = dl.threads.join(', ') || '?';
  const victim = dl.rolledBack ?? '?';
  return [
    {
      verdict: 'warn',
      text: L(
        `deadlock ${ago.en} (${dl.at}) on ${tables}, threads ${threads}, rolled back ${victim} (manual 2.10)`,
        `${ago['zh-CN']}发生死锁（${dl.at}），涉及 ${tables}，线程 ${threads}，回滚事务 ${victim}（手册 2.10）`,
      ),
    },
  ];
}

function summaryOf(s: MysqlSnapshot, cfg: MysqlProbeConfig): Localized {
  const ms = Math.round(s.pingMs);
  const used = s.status.get('Threads_connected') ?? '?';
  const running = s.status.get('Threads_running') ?? '?';
  const parts = [
    L(`ping ${ms} ms`, `ping ${ms} 毫秒`),
    L(`connections ${used}/${s.maxConnections}`, `连接 ${used}/${s.maxConnections}`),
    L(`running ${running}`, `运行中 ${running}`),
  ];
  const top = s.longQueries[0];
  if (top) {
    const n = s.longQueries.length;
    const d = localizedDuration(top.timeSeconds * 1000);
    parts.push(L(`${plural(n, 'long query', 'long queries')} (${d.en})`, `${n} 条长查询（${d['zh-CN']}）`));
  }
  if (Array.isArray(s.lockWaits) && s.lockWaits.length > 0) {
    const n = s.lockWaits.length;
    parts.push(L(plural(n, 'lock wait', 'lock waits'), `${n} 个锁等待`));
  }
  const dl = recentDeadlock(s, cfg);
  if (dl?.ageSeconds !== undefined) {
    const d = localizedDuration(dl.ageSeconds * 1000);
    parts.push(L(`deadlock ${d.en} ago`, `${d['zh-CN']}前死锁`));
  }
  return joinLocalized(parts);
}

/** Turns a snapshot into the probe's verdict, findings, one-line summary and bounded detail. */
export function assessMysql(
  s: MysqlSnapshot,
  cfg: MysqlProbeConfig,
  redact: Redact,
): Pick<ProbeResult, 'verdict' | 'summary' | 'findings' | 'detail'> {
  const findings: Finding[] = [
    pingFinding(s, cfg),
    connectionsFinding(s, cfg),
    ...runningFindings(s, cfg),
    ...longQueryFindings(s, cfg),
    ...lockWaitFindings(s, cfg, redact),
    ...deadlockFindings(s, cfg, redact),
  ];
  return {
    verdict: worst(findings.map((f) => f.verdict)),
    summary: summaryOf(s, cfg),
    findings,
    detail: mysqlDetail(s, cfg, redact),
  };
}
