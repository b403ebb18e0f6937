/**
 * `${ENV_VAR}` references in config values. Secrets may only enter the config this way: a value
 * under a secret-looking key, or the password part of a URL/DSN, must be a reference, never a literal.
 */
const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const SECRET_KEY = /(password|passwd|secret|token|api[_-]?key|private[_-]?key|signing[_-]?key|app[_-]?secret)$/i;
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^@\s]+)@/i;

/** A problem found while interpolating, with the path of the value. */
export interface InterpolationIssue {
  path: Array<string | number>;
  message: string;
}

/** The interpolated value, every value substituted from the environment (secrets, for redaction), and the issues. */
export interface Interpolated {
  value: unknown;
  secrets: string[];
  issues: InterpolationIssue[];
}

/** True for a config key whose value is a secret. */
export function isSecretKey(key: string | number | undefined): boolean {
  return typeof key === 'string' && SECRET_KEY.test(key);
}

/**
 * Replaces `${VAR}` (and `${VAR:-default}`) in every string of a parsed YAML value with the
 * environment's value. A missing variable without default is an issue at that path. A literal
 * secret (secret key or URL password not given as a reference) is an issue too.
 */
export function interpolate(raw: unknown, env: NodeJS.ProcessEnv): Interpolated {
  const secrets: string[] = [];
  const issues: InterpolationIssue[] = [];
  const walk = (v: unknown, path: Array<string | number>): unknown => {
    if (typeof v === 'string') return interpolateString(v, path, env, secrets, issues);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, [...path, k]);
      return out;
    }
    return v;
  };
  return { value: walk(raw, []), secrets, issues };
}

function interpolateString(
  s: string,
  path: Array<string | number>,
  env: NodeJS.ProcessEnv,
  secrets: string[],
  issues: InterpolationIssue[],
): string {
  // HTTP header values (Authorization, API keys) are secrets too.
  const secretKey = isSecretKey(path.at(-1)) || path.at(-2) === 'headers';
  if (secretKey && s !== '' && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(s.replace(/^(Bearer|Basic|Token) /, ''))) {
    issues.push({ path, message: 'secrets must come from the environment: write ${VAR_NAME} here (no value, no default)' });
  }
  const pw = URL_PASSWORD.exec(s)?.[1];
  if (pw !== undefined && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(pw)) {
    issues.push({ path, message: 'the password in this URL must come from the environment: write user:${VAR_NAME}@host (no default)' });
  }
  return s.replace(REF, (_whole, name: string, fallback: string | undefined) => {
    const value = env[name] ?? fallback;
    if (value === undefined) {
      issues.push({ path, message: `environment variable ${name} is not set` });
      return '';
    }
    // Every value taken from the environment is a secret, wherever it lands (a URL's query string,
    // a header, a DSN); a `:-default` is written in the file itself, so it is not.
    if (env[name] !== undefined) secrets.push(value);
    return value;
  });
}
