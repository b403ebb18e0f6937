import type { RowDataPacket } from 'mysql2/promise';
import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { Localized } from '../core/i18n/index.js';
import type { MysqlProbeConfig } from '../probes/mysql/config.js';
import { withReadOnlySession } from '../probes/mysql/connection.js';
import { endpointLabel } from '../probes/mysql/dsn.js';
import { maskedLine } from '../probes/mysql/format.js';
import { mysqlProbe } from '../probes/mysql/probe.js';
import { checkSelectOnly } from '../probes/mysql/select-guard.js';
import { describeFailure, L, runProbe } from '../probes/run-probe.js';
import { deadline, failed, parseApproved, parseParams, refused, RUN_SLACK_MS, sha256, type ActionDefinition, type Redact } from './common.js';
import { killQueryParams } from './params.js';
import { openWriteConnection, type WriteConnection } from './mysql-write.js';

/** What the kill-query handler needs: the account that may KILL, bounds, and the probe to verify with. */
export interface KillQueryDeps {
  /** `actions.mysqlDsn`, else `probes.mysql.dsn`. */
  dsn: string;
  probe: MysqlProbeConfig;
  timeoutMs: number;
  redact: Redact;
  clock: Clock;
}

const paramsSchema = killQueryParams;

const hints = {
  id: L('a thread id (a positive integer) as /check mysql lists it', '线程 ID（正整数，见 /check mysql）'),
  queryOnly: L('true to stop only the running statement (KILL QUERY), false to close the connection', 'true 仅终止当前语句（KILL QUERY），false 断开整个连接'),
};

const THREAD = (() => {
  const checked = checkSelectOnly(`SELECT ID AS id, USER AS user, HOST AS host, DB AS db, COMMAND AS command,
    TIME AS time_seconds, STATE AS state, INFO AS info FROM information_schema.PROCESSLIST WHERE ID = :id`);
  if (!checked.ok) throw new Error(`kill-query: processlist query refused by the select guard: ${checked.reason}`);
  return checked.compiled;
})();

/** Server and replication threads: zhiban never kills them. */
const SYSTEM_USERS = new Set(['system user', 'event_scheduler']);
const SYSTEM_COMMANDS = new Set(['Binlog Dump', 'Binlog Dump GTID', 'Daemon', 'Slave_IO', 'Slave_SQL', 'Slave_worker', 'Connect', 'Register Slave']);
/** Time (s) the processlist may lag behind the bot's clock before a re-run statement is suspected. */
const TIME_SLACK_SECONDS = 2;
const ER_NO_SUCH_THREAD = 1094;
const ER_UNSUPPORTED_PS = 1295;

interface Thread {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
  timeSeconds: number;
  state: string | null;
  info: string | null;
}

function toThread(row: RowDataPacket | undefined): Thread | undefined {
  if (!row) return undefined;
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  return {
    id: Number(row.id),
    user: String(row.user ?? ''),
    host: String(row.host ?? ''),
    db: text(row.db),
    command: String(row.command ?? ''),
    timeSeconds: Number(row.time_seconds ?? 0),
    state: text(row.state),
    info: text(row.info),
  };
}

/** Why zhiban will not kill `t` (in both languages), or undefined when it may. */
function refusal(t: Thread, ownId: number, queryOnly: boolean): Localized | undefined {
  if (t.id === ownId) return L(`thread ${t.id} is zhiban's own connection`, `线程 ${t.id} 是 zhiban 自己的连接`);
  if (SYSTEM_USERS.has(t.user) || SYSTEM_COMMANDS.has(t.command)) {
    return L(
      `thread ${t.id} is a server or replication thread (user ${t.user}, command ${t.command}): zhiban never kills those`,
      `线程 ${t.id} 是服务器或复制线程（用户 ${t.user}，命令 ${t.command}）：zhiban 不会终止此类线程`,
    );
  }
  if (t.command === 'Killed') return L(`thread ${t.id} is already being killed`, `线程 ${t.id} 已在终止中`);
  if (queryOnly && t.info === null) {
    return L(
      `thread ${t.id} runs no statement (${t.command}): there is no query to kill; without queryOnly its connection is closed and its open transaction rolled back`,
      `线程 ${t.id} 当前没有执行语句（${t.command}）：无查询可终止；不加 queryOnly 则会断开该连接并回滚其未提交事务`,
    );
  }
  return undefined;
}

const who = (t: Pick<Thread, 'user' | 'host' | 'db'>): string => `${t.user}@${t.host}${t.db ? ` (db ${t.db})` : ''}`;
const verb = (queryOnly: boolean): Localized => (queryOnly ? L('kill query', '终止查询') : L('kill connection', '断开连接'));

/** A write or a root session: killing it may start a long rollback or break a DBA's maintenance. */
function riskOf(t: Thread): 'normal' | 'high' {
  const reads = t.info === null || /^\s*\(?\s*(SELECT|SHOW|WITH|EXPLAIN|DESCRIBE|DESC)\b/i.test(t.info);
  return t.user === 'root' || !reads ? 'high' : 'normal';
}

/**
 * `kill-query` (manual 2.2, 2.10): KILL CONNECTION (or, with `queryOnly`, KILL QUERY) of one
 * thread, only while it is still the same user on the same connection running the same statement
 * as previewed (hash of its text, running time not reset). Never kills server, replication or
 * event-scheduler threads nor zhiban's own connection. The thread id is a validated integer and
 * travels as a placeholder of a server-side prepared `KILL … ?`; on servers that cannot prepare
 * KILL it is formatted with `Number()` from that validated integer, never from user text.
 * Risk is `high` for a root session (usually a DBA's maintenance or backup) and for a statement
 * that writes (its rollback can take as long as it ran); `normal` otherwise.
 * `execute` connects, re-checks and kills within one `timeoutMs` deadline and closes within
 * another, so `maxRunMs` is 2 × `timeoutMs` + RUN_SLACK_MS.
 */
export function killQueryAction(d: KillQueryDeps): ActionDefinition {
  const server = endpointLabel(d.dsn);
  return {
    kind: 'kill-query',
    params: paramsSchema,
    async prepare(params, signal) {
      const p = parseParams(paramsSchema, params, hints);
      let found: { thread: Thread | undefined; ownId: number };
      try {
        found = await withReadOnlySession(d.dsn, { signal: deadline(signal, d.timeoutMs), timeoutMs: d.timeoutMs }, async (s) => ({
          thread: toThread((await s.selectChecked(THREAD, { id: p.id }))[0]),
          ownId: s.info.connectionId,
        }));
      } catch (err) {
        const f = describeFailure(err, d.redact).text;
        throw new UserError('action.mysqlThreadsUnreadable', { server, failure: f });
      }
      const t = found.thread;
      if (!t) {
        throw new UserError('action.noSuchThread', { id: p.id, server }, { showUsage: true });
      }
      const why = refusal(t, found.ownId, p.queryOnly);
      if (why) throw UserError.text(why, false);
      const stmt = d.redact(maskedLine(t.info, 200));
      const v = verb(p.queryOnly);
      const risk = riskOf(t);
      return {
        summary: L(
          `${v.en} ${t.id} of ${who(t)}, running ${t.timeSeconds} s: ${stmt}`,
          `${v['zh-CN']} ${t.id}（${who(t)}），已运行 ${t.timeSeconds} 秒：${stmt}`,
        ),
        detail: d.redact(
          [
            `thread ${t.id} · ${who(t)} · command ${t.command} · state ${t.state ?? '-'} · ${t.timeSeconds} s`,
            `statement: ${maskedLine(t.info, 2000)}`,
            ...(risk === 'high' ? ['risk high: a root session or a statement that writes (its rollback may take as long as it ran)'] : []),
          ].join('\n'),
        ),
        snapshot: { id: t.id, user: t.user, host: t.host, db: t.db, statementHash: sha256(t.info ?? ''), timeSeconds: t.timeSeconds, preparedAt: d.clock.now() },
        risk,
      };
    },
    async execute(params, snapshot, signal) {
      const parsed = parseApproved(paramsSchema, params);
      if (!parsed.ok) return parsed.outcome;
      const p = parsed.value;
      const nothing = L('nothing was killed', '未终止任何线程');
      let conn: WriteConnection;
      try {
        conn = await openWriteConnection(d.dsn, deadline(signal, d.timeoutMs), d.timeoutMs);
      } catch (err) {
        return failed(L(`could not connect to MySQL ${server}; ${nothing.en}`, `无法连接 MySQL ${server}；${nothing['zh-CN']}`), err, d.redact);
      }
      try {
        const [rows] = await conn.bounded(conn.conn.execute<RowDataPacket[]>(THREAD.sql, [p.id]));
        const t = toThread(rows[0]);
        if (!t) return refused(L(`thread ${p.id} has ended since the request: ${nothing.en}`, `线程 ${p.id} 已在请求后结束：${nothing['zh-CN']}`));
        const elapsed = (d.clock.now() - Number(snapshot.preparedAt)) / 1000;
        const same =
          t.id === snapshot.id &&
          t.user === snapshot.user &&
          t.host === snapshot.host &&
          sha256(t.info ?? '') === snapshot.statementHash &&
          t.timeSeconds + TIME_SLACK_SECONDS >= Number(snapshot.timeSeconds) + elapsed;
        if (!same) {
          return refused(
            L(`thread ${t.id} is no longer running the statement shown at request time: ${nothing.en}; ask again`, `线程 ${t.id} 已不再执行请求时显示的语句：${nothing['zh-CN']}；请重新发起请求`),
            d.redact(`now: ${who(t)} · ${t.command} · ${t.timeSeconds} s · ${maskedLine(t.info, 500)}`),
          );
        }
        const why = refusal(t, conn.threadId, p.queryOnly);
        if (why) return refused(L(`${why.en}; ${nothing.en}`, `${why['zh-CN']}；${nothing['zh-CN']}`));
        const sql = p.queryOnly ? 'KILL QUERY' : 'KILL CONNECTION';
        try {
          await conn.bounded(conn.conn.execute(`${sql} ?`, [p.id]));
        } catch (err) {
          if ((err as { errno?: number }).errno !== ER_UNSUPPORTED_PS) throw err;
          await conn.bounded(conn.conn.query(`${sql} ${Number(p.id)}`));
        }
        const v = verb(p.queryOnly);
        const stmt = d.redact(maskedLine(t.info, 200));
        return {
          status: 'done',
          result: L(`${v.en} ${t.id} of ${who(t)} done; it was running ${stmt}`, `已${v['zh-CN']} ${t.id}（${who(t)}）；它当时在执行 ${stmt}`),
        };
      } catch (err) {
        if ((err as { errno?: number }).errno === ER_NO_SUCH_THREAD) {
          return refused(L(`thread ${p.id} ended just before the kill: ${nothing.en}`, `线程 ${p.id} 在终止前已结束：${nothing['zh-CN']}`));
        }
        return failed(L(`KILL of thread ${p.id} failed`, `终止线程 ${p.id} 失败`), err, d.redact);
      } finally {
        await conn.close();
      }
    },
    maxRunMs: () => 2 * d.timeoutMs + RUN_SLACK_MS,
    async verify() {
      return [await runProbe(mysqlProbe(d.probe), d.timeoutMs, d.redact)];
    },
  };
}
