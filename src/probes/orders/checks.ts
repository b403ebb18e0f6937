import type { RowDataPacket } from 'mysql2/promise';
import { L } from '../run-probe.js';
import type { Finding } from '../types.js';
import { DEFAULT_MAX_ROWS, type ReadOnlySession } from '../mysql/connection.js';
import { checkSelectOnly } from '../mysql/select-guard.js';
import type { OrderCheck } from './config.js';

/** What one check found: its rows (at most DEFAULT_MAX_ROWS), or why it could not run. */
export interface CheckOutcome {
  check: OrderCheck;
  rows: RowDataPacket[];
  /** True when the row cap was reached: there may be more. */
  capped: boolean;
  /** Set when the check could not run (missing table or column, SQL error). */
  failure?: Finding;
}

const ER_NO_SUCH_TABLE = 1146;
const ER_BAD_FIELD_ERROR = 1054;
const HINT = 'configure probes.orders.checks';
const HINT_ZH = '请配置 probes.orders.checks';

/** Explains why a check could not run: a schema mismatch is a config matter (`warn`), anything else an `error`. */
function explain(check: OrderCheck, err: unknown): Finding {
  const e = err as { errno?: number; message?: string };
  const msg = String(e?.message ?? err);
  if (e?.errno === ER_NO_SUCH_TABLE) {
    const table = /Table '(?:[^'.]*\.)?([^']+)'/.exec(msg)?.[1] ?? '?';
    return { verdict: 'warn', text: L(`${check.name}: table ${table} not found: ${HINT}`, `${check.name}：未找到表 ${table}，${HINT_ZH}`) };
  }
  if (e?.errno === ER_BAD_FIELD_ERROR) {
    const column = /Unknown column '([^']+)'/.exec(msg)?.[1] ?? '?';
    return { verdict: 'warn', text: L(`${check.name}: column ${column} not found: ${HINT}`, `${check.name}：未找到列 ${column}，${HINT_ZH}`) };
  }
  return { verdict: 'error', text: L(`${check.name}: check failed: ${msg}`, `${check.name}：检查失败：${msg}`) };
}

/**
 * Runs each check on the read-only session, one after another. A check that cannot run yields
 * a failure instead of stopping the others; only a lost deadline (the session's abort) stops the run.
 */
export async function runOrderChecks(session: ReadOnlySession, checks: OrderCheck[]): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const check of checks) {
    const vetted = checkSelectOnly(check.sql);
    if (!vetted.ok) {
      const failure: Finding = {
        verdict: 'error',
        text: L(`${check.name}: refused: ${vetted.reason}`, `${check.name}：已拒绝执行：${vetted.reason}`),
      };
      outcomes.push({ check, rows: [], capped: false, failure });
      continue;
    }
    try {
      const rows = await session.selectChecked(vetted.compiled, check.params);
      outcomes.push({ check, rows, capped: rows.length >= DEFAULT_MAX_ROWS });
    } catch (err) {
      if ((err as { code?: string }).code === 'ABORT_ERR') throw err;
      outcomes.push({ check, rows: [], capped: false, failure: explain(check, err) });
    }
  }
  return outcomes;
}
