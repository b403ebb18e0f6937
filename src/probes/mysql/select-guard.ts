import { scanSql, statementShapeProblem } from './sql-lexer.js';

declare const checked: unique symbol;

/** SQL that passed `checkSelectOnly`: one SELECT with `?` placeholders, nothing else. */
export type CheckedSelect = string & { readonly [checked]: true };

/** A vetted SELECT and the names of its parameters, in placeholder order. */
export interface CompiledSelect {
  sql: CheckedSelect;
  params: string[];
}

/** Words that write, lock, wait, leave the database or change the session. */
const FORBIDDEN = [
  'INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'MERGE', 'UPSERT', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE',
  'RENAME', 'GRANT', 'REVOKE', 'CALL', 'DO', 'HANDLER', 'LOAD', 'SET', 'LOCK', 'UNLOCK', 'KILL',
  'SHUTDOWN', 'INTO', 'OUTFILE', 'DUMPFILE', 'SHARE', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'FLUSH',
  'RESET', 'PURGE', 'INSTALL', 'UNINSTALL', 'SLEEP', 'BENCHMARK', 'GET_LOCK', 'RELEASE_LOCK', 'LOAD_FILE',
];
const FORBIDDEN_RE = new RegExp(`\\b(${FORBIDDEN.join('|')})\\b`, 'i');

/**
 * Vets SQL from config: it must be exactly one SELECT (or WITH … SELECT), optionally ending in
 * one `;`, with no comments (MySQL executes `/*! … *\/`), no positional `?`, no `:=` and none of
 * the FORBIDDEN words outside string literals (so no INSERT/UPDATE/DELETE, INTO OUTFILE,
 * FOR UPDATE, LOCK IN SHARE MODE, SLEEP…). `:name` placeholders outside literals become `?`.
 * The check is deliberately strict: a false refusal costs a rewrite, a false pass could write.
 */
export function checkSelectOnly(sql: string): { ok: true; compiled: CompiledSelect } | { ok: false; reason: string } {
  const s = scanSql(sql);
  if ('reason' in s) return { ok: false, reason: s.reason };
  if (!/^\s*(SELECT|WITH)\b/i.test(s.code)) return { ok: false, reason: 'must start with SELECT or WITH' };
  const shape = statementShapeProblem(s.code);
  if (shape) return { ok: false, reason: shape };
  if (s.code.includes(':=')) return { ok: false, reason: 'assignments (:=) are not allowed' };
  const word = FORBIDDEN_RE.exec(s.code)?.[1];
  if (word) return { ok: false, reason: `${word.toUpperCase()} is not allowed: a check must be one read-only SELECT` };
  return { ok: true, compiled: { sql: s.out as CheckedSelect, params: s.params } };
}
