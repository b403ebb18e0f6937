/**
 * Removes secrets from any text before it leaves zhiban (replies, logs, timelines, exports).
 * Two layers: the exact values of every secret the process knows (env references resolved in
 * the config, tokens), and patterns for secrets it does not know (passwords in DSNs and URLs,
 * `-a <password>` / `-p<password>` arguments, `password=…` pairs, bearer tokens, Slack tokens).
 */
export const REDACTED = '[REDACTED]';

const PATTERNS: Array<[RegExp, string]> = [
  // scheme://user:password@host  → scheme://user:[REDACTED]@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]+)@/gi, `$1:${REDACTED}@`],
  // redis-cli -a secret / mysql -psecret / --password=secret / --password secret
  [/(\s-a\s+)(?!-)\S+/g, `$1${REDACTED}`],
  [/(\s-p)(?=\S)(?!-)\S+/g, `$1${REDACTED}`],
  [/(--(?:password|pass|token|secret)(?:=|\s+))\S+/gi, `$1${REDACTED}`],
  // key=value / key: value / "key":"value" for secret-looking keys
  [
    /((?:"|')?\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|signing[_-]?key|authorization)\b(?:"|')?\s*[=:]\s*)(?:(?:Bearer|Basic|Token)\s+)?(?:"([^"]*)"|'([^']*)'|([^\s,;&"'}]+))/gi,
    `$1${REDACTED}`,
  ],
  // Authorization: Bearer xxx / Basic xxx
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // Slack tokens and signing-like secrets
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]{10,}/g, REDACTED],
];

/** A redactor that knows a set of exact secret values in addition to the generic patterns. */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers exact secret values (values shorter than 4 characters are ignored: too many false hits). */
  add(...values: Array<string | undefined>): this {
    for (const v of values) if (v && v.length >= 4) this.secrets.add(v);
    return this;
  }

  /** Returns `text` with every known secret and every secret-looking pattern replaced. */
  redact(text: string): string {
    let out = text;
    const known = [...this.secrets].sort((a, b) => b.length - a.length);
    for (const s of known) out = out.split(s).join(REDACTED);
    for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
    return out;
  }

  /** Redacts every string inside a JSON-like value (objects and arrays are copied, not mutated). */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v: unknown) => this.redactDeep(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.redactDeep(v);
      return out as T;
    }
    return value;
  }
}
