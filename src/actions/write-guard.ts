import { scanSql, statementShapeProblem } from '../probes/mysql/sql-lexer.js';

declare const checkedWrite: unique symbol;

/** SQL that passed `checkWriteStatement`: one UPDATE, DELETE or INSERT with `?` placeholders, nothing else. */
export type CheckedWrite = string & { readonly [checkedWrite]: true };

/** A vetted write statement and the names of its parameters, in placeholder order. */
export interface CompiledWrite {
  sql: CheckedWrite;
  params: string[];
  verb: 'UPDATE' | 'DELETE' | 'INSERT';
}

/**
 * Words a custom action may never contain outside literals: DDL, privileges, procedures,
 * transaction control (the action runs in zhiban's own transaction), locks, files, sleeps.
 */
const FORBIDDEN = [
  'CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'RENAME', 'GRANT', 'REVOKE', 'CALL', 'DO', 'HANDLER', 'LOAD',
  'LOCK', 'UNLOCK', 'KILL', 'SHUTDOWN', 'OUTFILE', 'DUMPFILE', 'PREPARE', 'EXECUTE', 'DEALLOCATE',
  'FLUSH', 'RESET', 'PURGE', 'INSTALL', 'UNINSTALL', 'SLEEP', 'BENCHMARK', 'GET_LOCK', 'RELEASE_LOCK',
  'LOAD_FILE', 'BEGIN', 'START', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'XA', 'SIGNAL', 'RESIGNAL',
];
const FORBIDDEN_RE = new RegExp(`\\b(${FORBIDDEN.join('|')})\\b`, 'i');

/**
 * Vets the SQL of a custom action: exactly one UPDATE, DELETE or INSERT (optionally ending in one
 * `;`), no comments (MySQL executes `/*! … *\/`), no positional `?`, no variables (`@`, `:=`), none
 * of the FORBIDDEN words outside literals, and a WHERE clause for UPDATE and DELETE. `:name`
 * placeholders outside literals become `?`. Strict on purpose: a false refusal costs a rewrite of
 * the config, a false pass could run something nobody reviewed.
 */
export function checkWriteStatement(sql: string): { ok: true; compiled: CompiledWrite } | { ok: false; reason: string } {
  const s = scanSql(sql);
  if ('reason' in s) return { ok: false, reason: s.reason };
  const verb = /^\s*(UPDATE|DELETE|INSERT)\b/i.exec(s.code)?.[1]?.toUpperCase() as CompiledWrite['verb'] | undefined;
  if (!verb) return { ok: false, reason: 'must be a single UPDATE, DELETE or INSERT statement' };
  const shape = statementShapeProblem(s.code);
  if (shape) return { ok: false, reason: shape };
  if (s.code.includes(':=') || s.code.includes('@')) return { ok: false, reason: 'variables (@name, :=) are not allowed' };
  const word = FORBIDDEN_RE.exec(s.code)?.[1];
  if (word) return { ok: false, reason: `${word.toUpperCase()} is not allowed: a custom action is one UPDATE, DELETE or INSERT` };
  if (verb !== 'INSERT' && !/\bWHERE\b/i.test(s.code)) return { ok: false, reason: `${verb} needs a WHERE clause` };
  return { ok: true, compiled: { sql: s.out as CheckedWrite, params: s.params, verb } };
}

/**
 * Extra rule for the preview of a custom action, which already passed `checkSelectOnly`: it is
 * re-run with `FOR UPDATE` inside the action's transaction, so it must be a plain SELECT (not
 * WITH …, no UNION). Returns the reason when it is not, else undefined.
 */
export function lockablePreviewProblem(sql: string): string | undefined {
  const s = scanSql(sql);
  if ('reason' in s) return s.reason;
  if (!/^\s*SELECT\b/i.test(s.code)) return 'must start with SELECT (it is re-run with FOR UPDATE before the change)';
  if (/\bUNION\b/i.test(s.code)) return 'UNION is not allowed (it is re-run with FOR UPDATE before the change)';
  return undefined;
}
