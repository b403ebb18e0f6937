import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { Clock } from '../core/clock.js';
import type { LogFields, Logger } from '../core/logger.js';
import { REDACTED, type Redactor } from '../core/redact.js';
import { escapeJsonOutput } from '../core/sanitize.js';
import { LogRotation, type ReopenableFile, type RotationPolicy } from './log-rotation.js';

/** A log level name. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A logger that can be flushed (async file writes) before the process ends. */
export interface FlushableLogger extends Logger {
  /** Resolves once every line logged so far is written to the file, then closes it (later lines are dropped). */
  flush(): Promise<void>;
  /** Closes the log file and opens its path again (after logrotate moved it away: SIGHUP). */
  reopen(): void;
}

/** Where and how `createLogger` writes. */
export interface LoggerOptions {
  level: LogLevel;
  redactor: Redactor;
  clock: Clock;
  /** Receives each line (tests); wins over `file`. A throwing sink loses the line, never the command. */
  sink?: (line: string) => void;
  /** The log file (created with its folder). */
  file?: string;
  /** Write the file asynchronously (a long-running `zhiban start`; flushed at shutdown). */
  async?: boolean;
  /** Fields on every line (the replica name). */
  base?: LogFields;
  /** Size-based rotation of `file` (none when absent). */
  rotate?: RotationPolicy;
}

/**
 * Keys whose values are secrets wherever they appear in a line's fields (one or two levels
 * deep): censored by pino before the value is even looked at by the Redactor.
 */
export const SECRET_PATHS = ['password', 'passwd', 'secret', 'token', 'authorization', 'apiKey', 'signingSecret', 'botToken', 'appToken', 'appSecret', 'clientSecret', 'accessToken'].flatMap((k) => [k, `*.${k}`, `headers.${k}`]);

/**
 * zhiban's JSON log through pino: one object per line (`level`, `time` from the injected clock,
 * bound fields, fields, `msg`), lines below `level` dropped. Every message, field and bound
 * field passes through the Redactor before pino sees it (errors become `{ type, message, code,
 * stack }` first, so their text is redacted too), known secret keys are censored by pino's
 * `redact` paths, and the finished line is scanned once more for every secret value the
 * Redactor knows — also those registered after a child logger was made. Control and bidi
 * characters are written as `\u` escapes (safe to `tail` in a terminal).
 */
export function createLogger(opts: LoggerOptions): FlushableLogger {
  const { redactor } = opts;
  let file: ReturnType<typeof pino.destination> | undefined;
  const write = (line: string, to: (l: string) => unknown): void => {
    try {
      to(line);
    } catch {
      // logging must never take the bot down; the line is lost, the command is not
    }
  };
  if (!opts.sink) {
    file = pino.destination({ dest: opts.file ?? 'zhiban.log', sync: !opts.async, mkdir: true, minLength: 0 });
    // an asynchronous write that fails (a full disk) loses its line, never the process
    file.on('error', () => undefined);
  }
  const rotation = file && opts.rotate ? new LogRotation(opts.file ?? 'zhiban.log', file as unknown as ReopenableFile, opts.rotate, () => opts.clock.now()) : undefined;
  const toFile = (l: string): void => {
    if (!file) return;
    // counted first: a reopen it causes (rotation, or the path now holds another file) takes this line too
    rotation?.wrote(Buffer.byteLength(l));
    file.write(l);
  };
  const sink = opts.sink;
  const dest: DestinationStream = { write: (line: string) => write(line, sink ?? toFile) };
  const root = pino(
    {
      level: opts.level,
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"time":"${new Date(opts.clock.now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_PATHS, censor: REDACTED },
      hooks: {
        streamWrite: (line) => {
          const body = line.endsWith('\n') ? line.slice(0, -1) : line;
          return `${escapeJsonOutput(redactor.redactKnown(body))}\n`;
        },
      },
    },
    dest,
  );
  const logger = new PinoLogger(opts.base ? root.child(clean(redactor, opts.base)) : root, redactor);
  return Object.assign(logger, {
    async flush(): Promise<void> {
      const f = file;
      if (!f) return;
      file = undefined;
      await drained(f as unknown as SonicState);
      write('', () => f.end());
    },
    reopen(): void {
      rotation?.reset();
      write('', () => file?.reopen());
    },
  });
}

/** What `flush` reads of pino's file stream (SonicBoom): open yet, a write in flight, bytes waiting. */
interface SonicState {
  fd: number;
  _writing: boolean;
  _len: number;
  destroyed: boolean;
}

/** How long `flush` waits for the file at most: a stuck disk must not hold shutdown forever. */
const FLUSH_MS = 5_000;

/** Resolves once the stream has opened its file and written every byte handed to it (or after FLUSH_MS). */
async function drained(s: SonicState): Promise<void> {
  const until = performance.now() + FLUSH_MS;
  while (!s.destroyed && (s.fd < 0 || s._writing || s._len > 0) && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
}

class PinoLogger implements Logger {
  constructor(
    private readonly p: Pino,
    private readonly redactor: Redactor,
  ) {}

  debug(msg: string, fields?: LogFields): void {
    if (this.p.isLevelEnabled('debug')) this.p.debug(clean(this.redactor, fields), this.redactor.redact(msg));
  }
  info(msg: string, fields?: LogFields): void {
    if (this.p.isLevelEnabled('info')) this.p.info(clean(this.redactor, fields), this.redactor.redact(msg));
  }
  warn(msg: string, fields?: LogFields): void {
    if (this.p.isLevelEnabled('warn')) this.p.warn(clean(this.redactor, fields), this.redactor.redact(msg));
  }
  error(msg: string, fields?: LogFields): void {
    if (this.p.isLevelEnabled('error')) this.p.error(clean(this.redactor, fields), this.redactor.redact(msg));
  }
  child(fields: LogFields): Logger {
    return new PinoLogger(this.p.child(clean(this.redactor, fields)), this.redactor);
  }
}

/** Fields as plain JSON data with every string redacted; errors become `{ type, message, code, stack }`. */
function clean(redactor: Redactor, fields: LogFields | undefined): LogFields {
  return fields ? redactor.redactDeep(plain(fields, 0) as LogFields) : {};
}

function plain(value: unknown, depth: number): unknown {
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown };
    return { type: e.name, message: e.message, ...(e.code !== undefined ? { code: plain(e.code, depth + 1) } : {}), ...(e.stack ? { stack: e.stack } : {}) };
  }
  if (depth > 8 || value === null || typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, depth + 1)]));
}
