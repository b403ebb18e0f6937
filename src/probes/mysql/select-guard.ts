declare const checked: unique symbol;

/** SQL that passed `checkSelectOnly`: one SELECT with `?` placeholders, nothing else. */
export type CheckedSelect = string & { readonly [checked]: true };

/** A vetted SELECT and the names of its parameters, in placeholder order. */
export interface CompiledSelect {
  sql: CheckedSelect;
  params: string[];
}

/** Literals and quoted identifiers, other text, or a stray quote (unbalanced). */
const TOKEN = /'(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S]|"")*"|`(?:[^`]|``)*`|[^'"`]+|['"`]/g;

/** Words that write, lock, wait, leave the database or change the session. */
const FORBIDDEN = [
  'INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'MERGE', 'UPSERT', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE',
  'RENAME', 'GRANT', 'REVOKE', 'CALL', 'DO', 'HANDLER', 'LOAD', 'SET', 'LOCK', 'UNLOCK', 'KILL',
  'SHUTDOWN', 'INTO', 'OUTFILE', 'DUMPFILE', 'SHARE', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'FLUSH',
  'RESET', 'PURGE', 'INSTALL', 'UNINSTALL', 'SLEEP', 'BENCHMARK', 'GET_LOCK', 'RELEASE_LOCK', 'LOAD_FILE',
];
const FORBIDDEN_RE = new RegExp(`\\b(${FORBIDDEN.join('|')})\\b`, 'i');
const PLACEHOLDER = /:([A-Za-z_]\w*)/g;

/**
 * Vets SQL from config: it must be exactly one SELECT (or WITH … SELECT), optionally ending in
 * one `;`, with no comments (MySQL executes `/*! … *\/`), no positional `?`, no `:=` and none of
 * the FORBIDDEN words outside string literals (so no INSERT/UPDATE/DELETE, INTO OUTFILE,
 * FOR UPDATE, LOCK IN SHARE MODE, SLEEP…). `:name` placeholders outside literals become `?`.
 * The check is deliberately strict: a false refusal costs a rewrite, a false pass could write.
 */
export function checkSelectOnly(sql: string): { ok: true; compiled: CompiledSelect } | { ok: false; reason: string } {
  const body = sql.trim().replace(/;\s*$/, '');
  let code = '';
  let out = '';
  const params: string[] = [];
  for (const [token] of body.matchAll(TOKEN)) {
    if (token === "'" || token === '"' || token === '`') return { ok: false, reason: `unbalanced ${token} quote` };
    if (/^['"`]/.test(token)) {
      code += ' x ';
      out += token;
      continue;
    }
    code += token;
    out += token.replace(PLACEHOLDER, (_, name: string) => {
      params.push(name);
      return '?';
    });
  }
  if (!/^\s*(SELECT|WITH)\b/i.test(code)) return { ok: false, reason: 'must start with SELECT or WITH' };
  if (code.includes(';')) return { ok: false, reason: "only one statement is allowed (found ';' before the end)" };
  if (/\/\*|--|#/.test(code)) return { ok: false, reason: 'comments are not allowed' };
  if (code.includes('?')) return { ok: false, reason: 'use :name placeholders, not ?' };
  if (code.includes(':=')) return { ok: false, reason: 'assignments (:=) are not allowed' };
  const word = FORBIDDEN_RE.exec(code)?.[1];
  if (word) return { ok: false, reason: `${word.toUpperCase()} is not allowed: a check must be one read-only SELECT` };
  return { ok: true, compiled: { sql: out as CheckedSelect, params } };
}
