import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

function line(parts: unknown[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p instanceof Error) return `${p.name}: ${p.message}`;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' ');
}

/**
 * Hands Bolt's, the Web API client's and the Socket Mode client's log lines to zhiban's JSON
 * logger, so they are redacted (tokens never reach the log) and filtered like every other line.
 */
export class BoltLoggerBridge implements BoltLogger {
  constructor(
    private readonly log: Logger,
    private level: LogLevel = LogLevel.INFO,
  ) {}

  debug(...msg: unknown[]): void {
    this.log.debug(line(msg));
  }
  info(...msg: unknown[]): void {
    this.log.info(line(msg));
  }
  warn(...msg: unknown[]): void {
    this.log.warn(line(msg));
  }
  error(...msg: unknown[]): void {
    this.log.error(line(msg));
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(): void {}
}
