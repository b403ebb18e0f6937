import { expect } from 'vitest';
import { actionsConfigSchema } from '../../src/actions/config.js';
import { buildActions, type ActionDefinition, type Actions } from '../../src/actions/index.js';
import type { Clock } from '../../src/core/clock.js';
import { isUserError } from '../../src/core/errors.js';
import { translate } from '../../src/core/i18n/index.js';
import { Redactor } from '../../src/core/redact.js';
import { probesConfigSchema } from '../../src/diagnostics/config.js';
import { SystemClock } from '../../src/runtime/system-clock.js';

/** The shared redaction (patterns only), as the bot would pass it. */
export const redact = (s: string): string => new Redactor().redact(s);

/** Actions built the way the bot wires them, from raw `actions:` and `probes:` sections. */
export function actionsFor(actions: Record<string, unknown>, probes: Record<string, unknown>, clock: Clock = new SystemClock()): Actions {
  return buildActions({ actions: actionsConfigSchema.parse(actions), probes: probesConfigSchema.parse(probes) }, redact, clock);
}

/** The handler of `kind`, failing the test when it does not exist. */
export function handler(actions: Actions, kind: string): ActionDefinition {
  const h = actions.get(kind);
  expect(h, `action kind ${kind}`).toBeDefined();
  return h!;
}

/** A signal for one step of a test: generous, real time. */
export const step = (): AbortSignal => AbortSignal.timeout(30_000);

/**
 * Awaits `work`, expects it to fail with a UserError written in both languages, and returns
 * `"<en> | <zh-CN>"` so a test can assert on what the user reads.
 */
export async function userErrorText(work: Promise<unknown>): Promise<string> {
  const err: unknown = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isUserError(err), `expected a UserError, got ${String(err)}`).toBe(true);
  const text = isUserError(err) ? (err.options.text ?? { en: translate('en', err.key, err.params), 'zh-CN': translate('zh-CN', err.key, err.params) }) : undefined;
  expect(text?.en).toBeTruthy();
  expect(text?.['zh-CN']).toBeTruthy();
  return `${text?.en} | ${text?.['zh-CN']}`;
}
