import { existsSync, fstatSync, renameSync, statSync, unlinkSync } from 'node:fs';

/** When and how far the log file is rotated. */
export interface RotationPolicy {
  /** Rotate once the file has reached this many bytes (0: never; leave it to logrotate and SIGHUP). */
  maxBytes: number;
  /** How many rotated files are kept (`zhiban.log.1` newest … `zhiban.log.<keep>` oldest). */
  keep: number;
  /** How many bytes this process writes between two looks at the file's real size (default 1 MiB). */
  checkEveryBytes?: number;
}

/** The file stream being rotated: pino's SonicBoom destination. */
export interface ReopenableFile {
  /** The open file descriptor (negative while opening). */
  fd: number;
  /** Closes the file after pending writes and opens the same path again. */
  reopen(): void;
}

/**
 * Size-based rotation of one log file, driven by the lines written: every `checkEveryBytes` the
 * file's real size is read (other processes append too), and once it reaches `maxBytes` the
 * rotated files shift up by one (`.1` → `.2` …, the oldest beyond `keep` removed), the file becomes
 * `.1` and the stream reopens a new one. Nothing written is lost: a line in flight lands in `.1`.
 * Of several processes sharing the file, only one that still writes to the file at the path
 * rotates it; the others reopen. Rotation errors (a read-only folder) leave the file growing.
 */
export class LogRotation {
  private sinceCheck = 0;
  /** What the file holds as far as this process knows: its writes, or the real size when that is larger. */
  private bytes = 0;
  /** The descriptor being replaced by a reopen still under way (asynchronous streams open later). */
  private replacing: number | undefined;
  private readonly every: number;

  constructor(
    private readonly path: string,
    private readonly file: ReopenableFile,
    private readonly policy: RotationPolicy,
  ) {
    this.every = Math.max(1, policy.checkEveryBytes ?? 1 << 20);
  }

  /** Counts `bytes` just handed to the stream; rotates when the file is due. */
  wrote(bytes: number): void {
    if (this.policy.maxBytes <= 0) return;
    this.bytes += bytes;
    this.sinceCheck += bytes;
    if (this.sinceCheck < this.every) return;
    this.sinceCheck = 0;
    try {
      this.rotateIfDue();
    } catch {
      // a log that cannot rotate keeps growing; the bot keeps running
    }
  }

  private rotateIfDue(): void {
    const fd = this.file.fd;
    if (fd < 0 || fd === this.replacing) return;
    const mine = fstatSync(fd);
    this.bytes = Math.max(this.bytes, mine.size);
    if (this.bytes < this.policy.maxBytes) return;
    const atPath = existsSync(this.path) ? statSync(this.path) : undefined;
    if (atPath && atPath.ino === mine.ino && atPath.dev === mine.dev) this.shift();
    this.replacing = fd;
    this.bytes = 0;
    this.file.reopen();
  }

  /** `.n-1` → `.n` down to the file itself → `.1`; the oldest beyond `keep` is removed. */
  private shift(): void {
    const keep = Math.max(1, this.policy.keep);
    const name = (n: number): string => (n === 0 ? this.path : `${this.path}.${n}`);
    if (existsSync(name(keep))) unlinkSync(name(keep));
    for (let n = keep - 1; n >= 0; n--) if (existsSync(name(n))) renameSync(name(n), name(n + 1));
  }
}
