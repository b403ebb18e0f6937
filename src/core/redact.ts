/**
 * Removes secrets from any text before it leaves zhiban (replies, logs, timelines, exports).
 * Two layers: the exact values of every secret the process knows (env references resolved in
 * the config, tokens), and patterns for secrets it does not know (passwords in DSNs and URLs,
 * `-a <password>` / `-p<password>` arguments, `password=…` pairs, bearer tokens, Slack tokens).
 * Every pattern matches in time linear in the text (no unbounded run before a fixed suffix), so
 * redacting a megabyte of hostile log output costs about as much as one scan over it.
 */
export const REDACTED = '[REDACTED]';

/** The generic patterns, each applied with `String.prototype.replace` (exported for the linearity test). */
export const REDACTION_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // scheme://user:password@host  → scheme://user:[REDACTED]@host. Matching starts only where a
  // run of scheme characters starts, so each character is scanned once (no `a.a.a…` blow-up).
  [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]+)@/gi, `$1:${REDACTED}@`],
  // redis-cli -a secret / mysql -psecret / --password=secret / --password secret
  [/(\s-a\s+)(?!-)\S+/g, `$1${REDACTED}`],
  [/(\s-p)(?=\S)(?!-)\S+/g, `$1${REDACTED}`],
  [/(--(?:password|pass|token|secret)(?:=|\s+))\S+/gi, `$1${REDACTED}`],
  // key=value / key: value / "key":"value" for secret-looking keys, again starting only where a
  // run of key characters starts; MySQL's "(using password: YES)" is wording, not a secret
  [
    /((?:"|')?(?<![\w.-])[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|signing[_-]?key|authorization)\b(?:"|')?\s*[=:]\s*)(?!(?:YES|NO)\))(?:(?:Bearer|Basic|Token)\s+)?(?:"([^"]*)"|'([^']*)'|([^\s,;&"'}]+))/gi,
    `$1${REDACTED}`,
  ],
  // Authorization: Bearer xxx / Basic xxx
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // Slack tokens and signing-like secrets
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]{10,}/g, REDACTED],
];

/**
 * True for text that may hold something a pattern matches: each pattern needs one of these
 * substrings (`://`, ` -a`, ` -p`, `--`, a secret-like key word, `Bearer`/`Basic`, a Slack token
 * prefix). Most text (labels, ids, plain sentences) has none and skips the patterns' passes.
 */
const MAY_MATCH = /:\/\/|\s-[ap]|--|pass|pwd|secret|token|key|authoriz|bearer|basic|xox|xapp-/i;

function encodedForms(v: string): string[] {
  const url = encodeURIComponent(v);
  const bytes = Buffer.from(v, 'utf8');
  return [v, url, url.replace(/%20/g, '+'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')];
}

/** A redactor that knows a set of exact secret values in addition to the generic patterns. */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** The secrets, longest first (a secret containing another is replaced whole); rebuilt after `add`. */
  private longestFirst: string[] = [];

  /**
   * Registers exact secret values with their URL-encoded, form-encoded and base64 / base64url
   * forms (values shorter than 4 characters are ignored: too many false hits).
   */
  add(...values: Array<string | undefined>): this {
    for (const v of values) {
      if (!v || v.length < 4) continue;
      for (const form of encodedForms(v)) this.secrets.add(form);
    }
    this.longestFirst = [...this.secrets].sort((a, b) => b.length - a.length);
    return this;
  }

  /** Returns `text` with every known secret and every secret-looking pattern replaced. */
  redact(text: string): string {
    const out = this.redactKnown(text);
    if (!MAY_MATCH.test(out)) return out;
    let patterned = out;
    for (const [re, rep] of REDACTION_PATTERNS) patterned = patterned.replace(re, rep);
    return patterned;
  }

  /**
   * Replaces only the known secret values (not the patterns): safe on text whose structure
   * must survive, such as a serialised JSON line.
   */
  redactKnown(text: string): string {
    let out = text;
    for (const s of this.longestFirst) if (out.includes(s)) out = out.split(s).join(REDACTED);
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
