/** Literals and quoted identifiers, other text, or a stray quote (unbalanced). */
const TOKEN = /'(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S]|"")*"|`(?:[^`]|``)*`|[^'"`]+|['"`]/g;
const PLACEHOLDER = /:([A-Za-z_]\w*)/g;

/**
 * SQL from config after `scanSql`: `code` is the text outside literals and quoted identifiers
 * (each of them replaced by ` x `), so keyword checks never look inside a string; `out` is the
 * runnable text, identical except that every `:name` outside literals became `?`; `params` are
 * those names in placeholder order.
 */
export interface ScannedSql {
  code: string;
  out: string;
  params: string[];
}

/**
 * Splits `sql` (trimmed, one trailing `;` dropped) into code and literals and compiles its
 * `:name` placeholders. Fails only on an unbalanced quote; it vets nothing else.
 */
export function scanSql(sql: string): ScannedSql | { reason: string } {
  const body = sql.trim().replace(/;\s*$/, '');
  let code = '';
  let out = '';
  const params: string[] = [];
  for (const [token] of body.matchAll(TOKEN)) {
    if (token === "'" || token === '"' || token === '`') return { reason: `unbalanced ${token} quote` };
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
  return { code, out, params };
}

/**
 * The rules every vetted statement shares, checked on `ScannedSql.code`: one statement only, no
 * comments (MySQL executes `/*! … *\/`), no positional `?`. Returns the first one broken, else undefined.
 */
export function statementShapeProblem(code: string): string | undefined {
  if (code.includes(';')) return "only one statement is allowed (found ';' before the end)";
  if (/\/\*|--|#/.test(code)) return 'comments are not allowed';
  if (code.includes('?')) return 'use :name placeholders, not ?';
  return undefined;
}
