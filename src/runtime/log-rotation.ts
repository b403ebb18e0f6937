import { existsSync, fstatSync, renameSync, statSync, unlinkSync } from 'node:fs';

/** When and how far the log file is rotated. */
export interface RotationPolicy {
  /** Rotate once the file has reached this many bytes (0: never; leave it to logrotate and SIGHUP). */
  maxBytes: number;
  /** How many rotated files are kept (`zhiban.log.1` newest … `zhiban.log.<keep>` oldest). */
  keep: number;
  /** How many bytes this process writes between two looks at the file's real size (default 1 MiB). */
  checkEveryBytes?: number;
  /** How long, at most, between two looks at whether the file at the path is still ours (default 5 s). */
  checkEveryMs?: number;
}

/** The file stream being rotated: pino's SonicBoom destination. */
export interface ReopenableFile {
  /** The open file descriptor (negative while opening). */
  fd: number;
  /** Closes the file after pending writes and opens the same path again. */
  reopen(): void;
}

/** How long a reopen may take before this process stops waiting for it (a failed open keeps the old file). */
const REOPEN_WAIT_MS = 10_000;

/**
 * Size-based rotation of one log file, driven by the lines written: every `checkEveryBytes` the
 * file's real size is read (other processes append too), and once it reaches `maxBytes` the
 * rotated files shift up by one (`.1` → `.2` …, the oldest beyond `keep` removed), the file becomes
 * `.1` and the stream reopens a new one. Nothing written is lost: a line in flight lands in `.1`.
 * Of several processes sharing the file, only one that still writes to the file at the path
 * rotates it; the others notice within `checkEveryMs` of their next line that the path holds
 * another file and reopen, so a quiet process does not go on writing into a rotated file until
 * it is removed. Rotation errors (a read-only folder) leave the file growing.
 */
export class LogRotation {
  private sinceCheck = 0;
  /** What the file holds as far as this process knows: its writes, or the real size when that is larger. */
  private bytes = 0;
  /** The descriptor being replaced by a reopen still under way (asynchronous streams open later), and since when. */
  private replacing: { fd: number; since: number } | undefined;
  private lastCheck: number;
  private readonly every: number;
  private readonly everyMs: number;

  constructor(
    private readonly path: string,
    private readonly file: ReopenableFile,
    private readonly policy: RotationPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.every = Math.max(1, policy.checkEveryBytes ?? 1 << 20);
    this.everyMs = policy.checkEveryMs ?? 5_000;
    this.lastCheck = now();
  }

  /** Counts `bytes` just handed to the stream; rotates or reopens when the file is due. */
  wrote(bytes: number): void {
    this.bytes += bytes;
    this.sinceCheck += bytes;
    const now = this.now();
    if (this.sinceCheck < this.every && now - this.lastCheck < this.everyMs) return;
    this.sinceCheck = 0;
    this.lastCheck = now;
    try {
      this.check(now);
    } catch {
      // a log that cannot rotate keeps growing; the bot keeps running
    }
  }

  /** After the file was reopened from outside (SIGHUP): it starts empty as far as this process knows. */
  reset(): void {
    this.bytes = 0;
    this.sinceCheck = 0;
  }

  private check(now: number): void {
    const fd = this.file.fd;
    if (fd < 0) return;
    if (this.replacing?.fd === fd && now - this.replacing.since < REOPEN_WAIT_MS) return;
    this.replacing = undefined;
    const mine = fstatSync(fd);
    const atPath = existsSync(this.path) ? statSync(this.path) : undefined;
    const ours = atPath !== undefined && atPath.ino === mine.ino && atPath.dev === mine.dev;
    this.bytes = Math.max(this.bytes, mine.size);
    if (ours && (this.policy.maxBytes <= 0 || this.bytes < this.policy.maxBytes)) return;
    // due, or the path holds another file (rotated by another process or by logrotate): start on the path's file
    if (ours) this.shift();
    this.replacing = { fd, since: now };
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
