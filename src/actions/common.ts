import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ActionHandler, Outcome } from '../core/approvals/port.js';
import { UserError } from '../core/errors.js';
import type { Localized } from '../core/i18n/index.js';
import { L, truncate } from '../probes/run-probe.js';

/** Removes secrets from a text before it leaves zhiban. */
export type Redact = (text: string) => string;

/**
 * An action handler together with the zod schema of its parameters. `prepare` and `execute`
 * parse their `params` with it themselves; the command layer may use it to normalise user input
 * (`"1234"` → `1234`) before the request is stored, so the approval binds the parsed values.
 */
export interface ActionDefinition extends ActionHandler {
  params: z.ZodType<Record<string, unknown>>;
}

/** What a parameter must look like, in both languages, shown when a value is refused. */
export type ParamHints = Record<string, Localized>;

/**
 * Parses `params` with `schema`. Throws a UserError naming the first bad (or missing / unknown)
 * parameter, the value given (cut to 80 characters) and what is expected, in both languages.
 */
export function parseParams<T>(schema: z.ZodType<T>, params: Record<string, unknown>, hints: ParamHints): T {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const unknown = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : undefined;
  if (unknown !== undefined) {
    const known = Object.keys(hints).join(', ');
    throw new UserError('action.unknownParams', { unknown, known }, { showUsage: true });
  }
  const name = String(issue?.path[0] ?? '');
  const given = params[name];
  const shown = given === undefined ? undefined : truncate(typeof given === 'string' ? given : JSON.stringify(given), 80, '…');
  const hint = hints[name] ?? L(issue?.message ?? 'invalid', issue?.message ?? '无效');
  throw shown === undefined
    ? new UserError('action.missingParam', { name, hint }, { showUsage: true })
    : new UserError('action.invalidParam', { name, given: shown, hint }, { showUsage: true });
}

/**
 * Parses the parameters of an approved request in `execute`, where a bad value cannot be the
 * requester's fault any more (they passed `prepare`): returns the values or a `failed` outcome.
 */
export function parseApproved<T>(schema: z.ZodType<T>, params: Record<string, unknown>): { ok: true; value: T } | { ok: false; outcome: Outcome } {
  const parsed = schema.safeParse(params);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    outcome: {
      status: 'failed',
      result: L('the approved parameters are no longer valid: nothing was done', '已批准的参数不再有效：未执行任何操作'),
      detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'),
    },
  };
}

/** A `refused` outcome: the target changed since the request, nothing was done. */
export function refused(text: Localized, detail?: string): Outcome {
  return { status: 'refused', result: text, ...(detail !== undefined ? { detail } : {}) };
}

/** The (redacted, one-line, bounded) message of an error, for outcomes. */
function errorMessage(err: unknown, redact: Redact): string {
  const e = err as { message?: unknown; code?: unknown } | undefined;
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  const code = typeof e?.code === 'string' && !message.includes(e.code) ? ` (${e.code})` : '';
  return truncate(redact(message + code).replace(/\s+/g, ' ').trim(), 300, '…');
}

/** A `failed` outcome: `what` (both languages) followed by the redacted error message. */
export function failed(what: Localized, err: unknown, redact: Redact, detail?: string): Outcome {
  const msg = errorMessage(err, redact);
  return {
    status: 'failed',
    result: L(`${what.en}: ${msg}`, `${what['zh-CN']}：${msg}`),
    ...(detail !== undefined ? { detail: redact(detail) } : {}),
  };
}

/**
 * Added to the sum of a handler's own deadlines to give its `maxRunMs`: the handler always hits
 * its own deadline first and reports what it did ("stopped after …") before the workflow gives up.
 */
export const RUN_SLACK_MS = 5_000;

/** The caller's signal, also aborted after `timeoutMs`: every look at a target is time-boxed. */
export function deadline(signal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}

/** Hex SHA-256 of a text: how snapshots remember a statement or a set of rows without storing it. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
