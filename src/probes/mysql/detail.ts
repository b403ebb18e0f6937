import { formatTable, localizedDuration } from '../format.js';
import { truncate } from '../run-probe.js';
import type { MysqlSnapshot } from './assess.js';
import type { MysqlProbeConfig } from './config.js';
import { maskedLine } from './format.js';

const DETAIL_MAX = 4000;
const STATEMENT_MAX = 80;

/**
 * The mysql probe's evidence as plain text: server counters, the top long queries and lock
 * waits as tables, and the latest deadlock excerpt. Statements are masked and passed through
 * `redact`; the whole text is cut at DETAIL_MAX characters with a visible marker.
 */
export function mysqlDetail(s: MysqlSnapshot, cfg: MysqlProbeConfig, redact: (s: string) => string): string {
  const st = (k: string): string => String(s.status.get(k) ?? '?');
  const stmt = (sql: string | null, max = STATEMENT_MAX): string => redact(maskedLine(sql, max));
  const uptime = localizedDuration(Number(st('Uptime')) * 1000).en;
  const out = [
    formatTable(
      [
        ['ping_ms', Math.round(s.pingMs)],
        ['connections', `${st('Threads_connected')}/${s.maxConnections} (max used ${st('Max_used_connections')})`],
        ['threads_running', st('Threads_running')],
        ['slow_queries', `${st('Slow_queries')} since start (uptime ${uptime})`],
      ],
      { columns: ['server', s.version], maxCell: 60 },
    ),
    `\nlong queries (>= ${cfg.slowQuerySeconds} s): ${s.longQueries.length}`,
  ];
  if (s.longQueries.length > 0) {
    const rows = s.longQueries
      .slice(0, cfg.topN)
      .map((q) => [q.id, q.user, q.host, q.db, q.timeSeconds, q.state, stmt(q.info, 120)]);
    out.push(formatTable(rows, { columns: ['id', 'user', 'host', 'db', 'time_s', 'state', 'statement'], maxCell: 120 }));
  }
  if (Array.isArray(s.lockWaits)) {
    out.push(`\nlock waits: ${s.lockWaits.length}`);
    const rows = s.lockWaits.slice(0, cfg.topN).map((w) => {
      const blocking = w.blockingQuery === null ? '(idle in transaction)' : stmt(w.blockingQuery);
      return [w.waitingId, w.waitSeconds, stmt(w.waitingQuery), w.blockingId, w.blockingTrxSeconds, blocking];
    });
    const columns = ['waiting', 'wait_s', 'waiting statement', 'blocking', 'trx_s', 'blocking statement'];
    if (rows.length > 0) out.push(formatTable(rows, { columns, maxCell: STATEMENT_MAX }));
  }
  const dl = s.deadlock;
  if (dl && !(dl instanceof Error)) {
    const age = dl.ageSeconds === undefined ? '' : ` (${localizedDuration(dl.ageSeconds * 1000).en} ago)`;
    out.push(`\nlatest deadlock ${dl.at}${age}\n${redact(dl.excerpt)}`);
  }
  return truncate(out.join('\n'), DETAIL_MAX);
}
