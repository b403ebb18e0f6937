import type { Localized, MessageKey, Params } from './i18n/index.js';

/**
 * An error that is the user's to fix (bad argument, missing role, unknown incident). Its message
 * is shown as written, translated, with the command's usage when `showUsage` is set. Anything
 * that is not a UserError is an internal error: logged with a reference id, and only the id is shown.
 */
export class UserError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
    readonly options: { showUsage?: boolean; hint?: { key: MessageKey; params?: Params }; text?: Localized } = {},
  ) {
    super(key);
    this.name = 'UserError';
  }

  /** A user error whose message was already written in both languages (e.g. by a probe helper). */
  static text(text: Localized, showUsage = true): UserError {
    return new UserError('error.text', {}, { showUsage, text });
  }
}

/** Shorthand for a user error that also prints the command usage. */
export function usageError(key: MessageKey, params: Params = {}): UserError {
  return new UserError(key, params, { showUsage: true });
}

/** True when `e` is a user-safe error. */
export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
