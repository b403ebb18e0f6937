import { escapeJsonOutput } from '../core/sanitize.js';
import type { Clock } from '../core/clock.js';
import type { LogFields, Logger } from '../core/logger.js';
import type { Redactor } from '../core/redact.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
/** A log level name. */
export type LogLevel = keyof typeof LEVELS;

/**
 * Writes one JSON object per line (`time`, `level`, `msg`, fields) to `sink`, every string
 * redacted and every control or bidi character written as a `\u` escape (safe to `tail` in a
 * terminal). Lines below `level` are dropped. A failing sink never breaks the caller.
 */
export class JsonLogger implements Logger {
  constructor(
    private readonly opts: { level: LogLevel; sink: (line: string) => void; redactor: Redactor; clock: Clock },
    private readonly base: LogFields = {},
  ) {}

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }
  child(fields: LogFields): Logger {
    return new JsonLogger(this.opts, { ...this.base, ...fields });
  }

  private write(level: LogLevel, msg: string, fields?: LogFields): void {
    if (LEVELS[level] < LEVELS[this.opts.level]) return;
    const record = this.opts.redactor.redactDeep({ time: new Date(this.opts.clock.now()).toISOString(), level, msg, ...this.base, ...fields });
    try {
      this.opts.sink(escapeJsonOutput(JSON.stringify(record)) + '\n');
    } catch {
      // logging must never take the bot down; the line is lost, the command is not
    }
  }
}
