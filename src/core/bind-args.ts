import { z } from 'zod';
import { UserError } from './errors.js';
import { pick, type Locale } from './i18n/index.js';
import type { CommandSpec } from './command.js';
import type { Token } from './tokenize.js';

/** Most characters of a user's value a refusal repeats back. */
export const ECHO_CHARS = 80;

/** The start of a user-typed value as a refusal repeats it: at most ECHO_CHARS characters, then `…`. */
export function echo(value: string): string {
  return value.length <= ECHO_CHARS ? value : `${value.slice(0, ECHO_CHARS - 1)}…`;
}

/**
 * A whole number typed in chat: decimal digits only (at most 15, so it is exact), never `0x10`,
 * `1e3`, `+16` or `16.0`, which `Number()` would quietly read as another number.
 */
export function digits(min: number, max = Number.MAX_SAFE_INTEGER): z.ZodType<number, string> {
  return z.string().regex(/^\d{1,15}$/, 'decimal digits only').transform(Number).pipe(z.number().int().min(min).max(max));
}

/** Incident ids look like INC-20261122-001; anything starting with INC- is meant as one. */
export const INCIDENT_ID = /^INC-\d{8}-\d{3,6}$/;

/**
 * Binds the tokens after the command name to the spec's parameters and flags, then validates
 * them with the spec's schema. Every problem is a UserError naming the argument, with usage.
 * `text` is the raw line and `tokens` its tokens; `from` is the index of the first argument token.
 */
export function bindArgs(spec: CommandSpec, text: string, tokens: Token[], from: number, locale: Locale): unknown {
  const values: Record<string, unknown> = {};
  const words = extractFlags(spec, tokens.slice(from), values);
  let k = 0;
  for (const p of spec.params) {
    const tok = words[k];
    if (tok === undefined) break;
    if (p.incident) {
      if (/^INC-/i.test(tok.value)) {
        const id = tok.value.toUpperCase();
        if (!INCIDENT_ID.test(id)) throw new UserError('incident.badId', { id: echo(tok.value) }, { showUsage: true });
        values[p.name] = id;
        k++;
      }
    } else if (p.rest) {
      values[p.name] = restText(text, words.slice(k), (spec.flags ?? []).length > 0);
      k = words.length;
    } else {
      values[p.name] = tok.value;
      k++;
    }
  }
  const extra = words[k];
  if (extra) throw new UserError('args.unexpected', { value: echo(extra.value) }, { showUsage: true });
  for (const p of spec.params) {
    if (values[p.name] === undefined && (p.incident ? p.optional === false : !p.optional)) {
      throw new UserError('args.missing', { name: p.name, description: pick(locale, p.description) }, { showUsage: true });
    }
  }
  const parsed = spec.schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? '');
    const param = spec.params.find((p) => p.name === name) ?? spec.flags?.find((f) => f.name === name);
    const value = values[name];
    throw new UserError(
      'args.invalid',
      { name, value: echo(typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)), description: param ? pick(locale, param.description) : issue.message },
      { showUsage: true },
    );
  }
  return parsed.data;
}

/** Takes `--name value`, `--name=value` and boolean `--name` out of the tokens (only for commands that declare flags). */
function extractFlags(spec: CommandSpec, tokens: Token[], values: Record<string, unknown>): Token[] {
  const flags = new Map((spec.flags ?? []).map((f) => [f.name, f]));
  if (flags.size === 0) return tokens;
  const words: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.quoted || !tok.value.startsWith('--') || tok.value.length <= 2) {
      words.push(tok);
      continue;
    }
    const [name, inline] = splitFlag(tok.value.slice(2));
    const flag = flags.get(name);
    if (!flag) throw new UserError('args.unknownFlag', { flag: echo(`--${name}`) }, { showUsage: true });
    if (values[name] !== undefined) throw new UserError('args.repeatedFlag', { flag: `--${name}` }, { showUsage: true });
    if (flag.boolean) {
      values[name] = true;
    } else if (inline !== undefined) {
      values[name] = inline;
    } else {
      const next = tokens[i + 1];
      if (!next) throw new UserError('args.flagNeedsValue', { flag: `--${name}` }, { showUsage: true });
      values[name] = next.value;
      i++;
    }
  }
  return words;
}

function splitFlag(s: string): [string, string | undefined] {
  const eq = s.indexOf('=');
  return eq < 0 ? [s, undefined] : [s.slice(0, eq), s.slice(eq + 1)];
}

/**
 * The rest of the line from the first remaining word. Without flags it is the raw text, keeping
 * the user's spacing and punctuation; a lone quoted word is unquoted. With flags (which may stand
 * anywhere) the remaining words are joined, each re-quoted where needed, so splitting the text
 * again gives the same words (`order_no="B 1"` stays one word, even when it is the only one).
 */
function restText(text: string, words: Token[], hasFlags: boolean): string {
  if (hasFlags) return words.map((w) => requote(w.value)).join(' ');
  if (words.length === 1 && words[0]!.quoted) return words[0]!.value;
  return text.slice(words[0]!.start).trim();
}

/** A word in double quotes (backslash and quote escaped) when it holds a space, a quote or a backslash. */
function requote(word: string): string {
  return /[\s"'“‘「『\\]/.test(word) ? `"${word.replace(/["\\]/g, '\\$&')}"` : word;
}
