import type { Logger } from '../core/logger.js';
import { format } from 'node:util';

/**
 * Sends what libraries print with `console.*` (ioredis warns on stderr, for example) to the
 * JSON log instead of the terminal or a service's stderr, where it would bypass redaction and
 * the log format. zhiban itself never prints through `console`. Returns the function that
 * restores the original console.
 */
export function captureConsole(logger: Logger): () => void {
  const log = logger.child({ source: 'library' });
  const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  console.log = (...args: unknown[]) => log.info(format(...args));
  console.info = (...args: unknown[]) => log.info(format(...args));
  console.debug = (...args: unknown[]) => log.debug(format(...args));
  console.warn = (...args: unknown[]) => log.warn(format(...args));
  console.error = (...args: unknown[]) => log.error(format(...args));
  return () => Object.assign(console, original);
}
