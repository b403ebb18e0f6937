import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { UserError } from '../core/errors.js';
import type { Localized } from '../core/i18n/index.js';
import { formatTable, type Cell } from '../probes/format.js';
import { withReadOnlySession } from '../probes/mysql/connection.js';
import { checkSelectOnly, type CompiledSelect } from '../probes/mysql/select-guard.js';
import { describeFailure, L, truncate } from '../probes/run-probe.js';
import { deadline, failed, parseApproved, parseParams, refused, RUN_SLACK_MS, sha256, type ActionDefinition, type ParamHints, type Redact } from './common.js';
import type { CustomActionConfig, CustomParamConfig } from './config.js';
import { openWriteConnection, type WriteConnection } from './mysql-write.js';
import { checkWriteStatement, type CompiledWrite } from './write-guard.js';
import { customParamsSchema, type CustomValue } from './params.js';

/** What a custom action needs: the writing account and its bounds. */
export interface CustomDeps {
  /** `actions.mysqlDsn`, else `probes.mysql.dsn`: previews and changes use the same account. */
  dsn: string;
  timeoutMs: number;
  redact: Redact;
}

type Value = CustomValue;

/** Rows of a preview shown in a request or outcome. */
const SHOWN_ROWS = 20;

/** Each parameter's description with its constraint, as shown when a value is refused. */
export function customParamHints(spec: CustomActionConfig): ParamHints {
  const rule = (p: CustomParamConfig): Localized => {
    if (p.type === 'string') return p.pattern ? L(`, matching ${p.pattern}`, `，须匹配 ${p.pattern}`) : L('', '');
    const range = `${p.min ?? '…'}–${p.max ?? '…'}`;
    return L(`, an integer${p.min ?? p.max ? ` in ${range}` : ''}`, `，整数${p.min ?? p.max ? `（${range}）` : ''}`);
  };
  return Object.fromEntries(
    Object.entries(spec.params).map(([name, p]) => {
      const r = rule(p);
      return [name, L(`${p.description.en}${r.en}`, `${p.description['zh-CN']}${r['zh-CN']}`)];
    }),
  );
}

function compile(spec: CustomActionConfig): { preview: CompiledSelect; write: CompiledWrite } {
  const preview = checkSelectOnly(spec.preview);
  const write = checkWriteStatement(spec.sql);
  if (!preview.ok || !write.ok) throw new Error(`custom action ${spec.name}: config was not validated by actionsConfigSchema`);
  return { preview: preview.compiled, write: write.compiled };
}

const bind = (names: string[], values: Record<string, Value>): Value[] => names.map((n) => values[n]!);
const argsText = (values: Record<string, Value>): string => Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ');
const hashRows = (rows: RowDataPacket[]): string => sha256(JSON.stringify(rows));

function rowsTable(rows: RowDataPacket[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const shown = rows.slice(0, SHOWN_ROWS).map((r) => columns.map((c) => r[c] as Cell));
  const more = rows.length > SHOWN_ROWS ? `\n… ${rows.length - SHOWN_ROWS} more rows` : '';
  return formatTable(shown, { columns, maxCell: 60 }) + more;
}

/**
 * `custom:<name>`: a remediation declared in config. `prepare` runs the preview SELECT on a
 * read-only session and refuses when it finds no row ("nothing to change") or more than
 * `maxRows`. `execute`, in one transaction on the writing account: re-runs the preview with
 * FOR UPDATE (locking those rows) and refuses when they differ from the preview, runs the
 * statement with the parameters as placeholders, rolls back and refuses when it changed more than
 * `maxRows` rows, else commits. User values are never spliced into SQL. The whole transaction
 * runs within one `timeoutMs` deadline and the connection closes within another, so `maxRunMs`
 * is 2 × `timeoutMs` + RUN_SLACK_MS.
 */
export function customAction(spec: CustomActionConfig, d: CustomDeps): ActionDefinition {
  const { preview, write } = compile(spec);
  const schema = customParamsSchema(spec);
  const hints = customParamHints(spec);
  const title = spec.title;
  const nothing = L('nothing was changed', '未做任何更改');
  return {
    kind: `custom:${spec.name}`,
    params: schema,
    maxRunMs: () => 2 * d.timeoutMs + RUN_SLACK_MS,
    async prepare(params, signal) {
      const values = parseParams(schema, params, hints);
      let rows: RowDataPacket[];
      try {
        rows = await withReadOnlySession(d.dsn, { signal: deadline(signal, d.timeoutMs), timeoutMs: d.timeoutMs }, (s) =>
          s.selectChecked(preview, values),
        );
      } catch (err) {
        const f = describeFailure(err, d.redact).text;
        throw new UserError('action.previewFailed', { action: spec.name, failure: f });
      }
      const args = d.redact(truncate(argsText(values), 200, '…'));
      if (rows.length === 0) {
        throw new UserError('action.previewEmpty', { action: spec.name, args });
      }
      if (rows.length > spec.maxRows) {
        throw new UserError('action.previewTooMany', { action: spec.name, rows: rows.length, args, max: spec.maxRows });
      }
      return {
        summary: L(`${title.en}: ${args} (${rows.length} rows)`, `${title['zh-CN']}：${args}（${rows.length} 行）`),
        detail: d.redact(`${spec.sql.trim()}\n\nrows that would change:\n${rowsTable(rows)}`),
        snapshot: { rowsHash: hashRows(rows) },
        risk: spec.risk,
      };
    },
    async execute(params, snapshot, signal) {
      const parsed = parseApproved(schema, params);
      if (!parsed.ok) return parsed.outcome;
      const values = parsed.value;
      let conn: WriteConnection;
      try {
        conn = await openWriteConnection(d.dsn, deadline(signal, d.timeoutMs), d.timeoutMs);
      } catch (err) {
        return failed(L(`could not connect to MySQL; ${nothing.en}`, `无法连接 MySQL；${nothing['zh-CN']}`), err, d.redact);
      }
      const rollback = async (): Promise<void> => {
        await conn.bounded(conn.conn.rollback()).catch(() => undefined);
      };
      try {
        await conn.bounded(conn.conn.beginTransaction());
        const [rows] = await conn.bounded(conn.conn.execute<RowDataPacket[]>(`${preview.sql} FOR UPDATE`, bind(preview.params, values)));
        if (hashRows(rows) !== snapshot.rowsHash) {
          await rollback();
          return refused(
            L(`the rows changed since the request: ${nothing.en}; ask again`, `自请求以来数据已变化：${nothing['zh-CN']}；请重新发起请求`),
            d.redact(`rows now:\n${rows.length ? rowsTable(rows) : '(none)'}`),
          );
        }
        const [result] = await conn.bounded(conn.conn.execute<ResultSetHeader>(write.sql, bind(write.params, values)));
        if (result.affectedRows > spec.maxRows) {
          await rollback();
          return refused(
            L(
              `${spec.name} would change ${result.affectedRows} rows, more than its limit of ${spec.maxRows}: rolled back, ${nothing.en}`,
              `${spec.name} 将更改 ${result.affectedRows} 行，超过上限 ${spec.maxRows} 行：已回滚，${nothing['zh-CN']}`,
            ),
          );
        }
        await conn.bounded(conn.conn.commit());
        const after = await conn
          .bounded(conn.conn.execute<RowDataPacket[]>(preview.sql, bind(preview.params, values)))
          .then(([r]) => (r.length ? rowsTable(r) : '(none)'), (err: unknown) => `could not be read: ${String(err)}`);
        return {
          status: 'done',
          result: L(`${title.en}: ${result.affectedRows} rows changed`, `${title['zh-CN']}：已更改 ${result.affectedRows} 行`),
          detail: d.redact(`rows now:\n${after}`),
        };
      } catch (err) {
        await rollback();
        return failed(L(`${spec.name} failed (rolled back)`, `${spec.name} 执行失败（已回滚）`), err, d.redact);
      } finally {
        await conn.close();
      }
    },
  };
}
