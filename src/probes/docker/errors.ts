import type { Localized } from '../../core/i18n/index.js';
import { L } from '../run-probe.js';

/**
 * A mistake in what the user asked a probe helper for (unknown service, bad `--since`, bad
 * `--tail`). Its `text` is safe to show as written, in both languages, and says what is valid.
 */
export class ProbeInputError extends Error {
  constructor(readonly text: Localized) {
    super(text.en);
    this.name = 'ProbeInputError';
  }
}

/** An unknown service or container name; `known` lists what exists (sorted), and so does the text. */
export class UnknownServiceError extends ProbeInputError {
  constructor(
    readonly requested: string,
    readonly known: string[],
  ) {
    const name = requested.slice(0, 80);
    super(
      known.length > 0
        ? L(`unknown service "${name}"; known services: ${known.join(', ')}`, `未知服务“${name}”；已知服务：${known.join('、')}`)
        : L(`unknown service "${name}": the engine has no containers`, `未知服务“${name}”：引擎上没有任何容器`),
    );
    this.name = 'UnknownServiceError';
  }
}

/** True when `e` is a user-safe probe input error. */
export function isProbeInputError(e: unknown): e is ProbeInputError {
  return e instanceof ProbeInputError;
}
