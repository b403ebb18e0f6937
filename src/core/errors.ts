import type { Localized, MessageKey, Params } from './i18n/index.js';

/** Longest parameter value a user error shows (lists of known names fit; a pasted megabyte does not). */
export const MAX_PARAM_CHARS = 1000;

/**
 * An error that is the user's to fix (bad argument, missing role, unknown incident). Its message
 * is shown as written, translated, with the command's usage when `showUsage` is set. Anything
 * that is not a UserError is an internal error: logged with a reference id, and only the id is shown.
 */
export class UserError extends Error {
  /** The message's parameters, each string cut to MAX_PARAM_CHARS: a refusal never repeats a huge input back. */
  readonly params: Params;

  constructor(
    readonly key: MessageKey,
    params: Params = {},
    readonly options: { showUsage?: boolean; hint?: { key: MessageKey; params?: Params }; text?: Localized } = {},
  ) {
    super(key);
    this.name = 'UserError';
    this.params = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'object' ? { en: cut(v.en), 'zh-CN': cut(v['zh-CN']) } : typeof v === 'string' ? cut(v) : v]));
  }

  /** A user error whose message was already written in both languages (e.g. by a probe helper). */
  static text(text: Localized, showUsage = true): UserError {
    return new UserError('error.text', {}, { showUsage, text });
  }
}

function cut(v: string): string {
  return v.length > MAX_PARAM_CHARS ? `${v.slice(0, MAX_PARAM_CHARS - 1)}…` : v;
}

/** Shorthand for a user error that also prints the command usage. */
export function usageError(key: MessageKey, params: Params = {}): UserError {
  return new UserError(key, params, { showUsage: true });
}

/** True when `e` is a user-safe error. */
export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
