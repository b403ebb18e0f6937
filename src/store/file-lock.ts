import { open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode } from './fs-atomic.js';
import { isPlainObject } from './guards.js';

/** The real-time bounds of a lock, in milliseconds; 0 < heartbeatMs and 2 × heartbeatMs <= staleMs. */
export interface LockBounds {
  /** How often a holder refreshes its lock file's mtime (the heartbeat). */
  heartbeatMs: number;
  /**
   * How long a lock file's mtime may go unrefreshed before a holder whose liveness cannot be
   * checked (another host, no process start time) counts as gone. Many heartbeats long, so a
   * holder is not judged gone for a few late ones.
   */
  staleMs: number;
  /** How long `withFileLock` waits for the lock before giving up. */
  timeoutMs: number;
}

/** Production bounds: the wait outlasts staleMs, so a waiter can outlive a lock abandoned on another host. */
const DEFAULT_BOUNDS: LockBounds = { heartbeatMs: 2_000, staleMs: 30_000, timeoutMs: 45_000 };

/** What a lock file says about its holder. */
interface Holder {
  host: string;
  pid: number;
  /** When that process started (see startTicks), so a reused pid is not mistaken for the holder. */
  started: string | null;
}

/**
 * When process `pid` started, in clock ticks since boot (field 22 of Linux `/proc/<pid>/stat`;
 * immune to wall-clock changes), or null where that is unknown.
 */
async function startTicks(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** When this process started (computed once). */
const ownStart = startTicks(process.pid);

/** The holder written in the lock file at `path`, or undefined when it is gone, empty or unreadable. */
async function readHolder(path: string): Promise<Partial<Holder> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * 'dead' only when `holder` is a process on this host that no longer runs: its pid is gone, or
 * now belongs to a process that started at another time (containers restart as the same pid);
 * 'alive' when that very process still runs; 'unknown' otherwise (another host, no start time).
 */
async function liveness(holder: Partial<Holder> | undefined): Promise<'alive' | 'dead' | 'unknown'> {
  const pid = holder?.pid;
  if (holder?.host !== hostname() || typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return 'unknown';
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (errorCode(e) === 'ESRCH') return 'dead';
    if (errorCode(e) !== 'EPERM') return 'unknown';
  }
  const now = await startTicks(pid);
  if (typeof holder.started !== 'string' || now === null) return 'unknown';
  return now === holder.started ? 'alive' : 'dead';
}

/**
 * Whether the lock file at `path` may be broken: true when its holder is dead, or its liveness is
 * unknown and its mtime (the heartbeat) is older than `staleMs`; never for a live holder on this
 * host, however old its mtime. 'gone' when there is no such file. Hosts sharing the folder need
 * clocks that agree to well within `staleMs`.
 */
async function abandoned(path: string, staleMs: number): Promise<boolean | 'gone'> {
  let mtimeMs: number;
  try {
    ({ mtimeMs } = await stat(path));
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return 'gone';
    throw e;
  }
  const state = await liveness(await readHolder(path));
  return state === 'dead' || (state === 'unknown' && Date.now() - mtimeMs > staleMs);
}

/** Removes the file at `path`; one already gone is fine. */
async function removeIfExists(path: string): Promise<void> {
  await unlink(path).catch((e: unknown) => {
    if (errorCode(e) !== 'ENOENT') throw e;
  });
}

/** Creates the lock file (flag 'wx') naming `holder` and returns it open; undefined when somebody else holds it. */
async function tryAcquire(path: string, holder: Holder): Promise<FileHandle | undefined> {
  let fh;
  try {
    fh = await open(path, 'wx');
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return undefined;
    throw e;
  }
  try {
    await fh.writeFile(JSON.stringify(holder));
  } catch (e) {
    await fh.close();
    await removeIfExists(path);
    throw e;
  }
  return fh;
}

/**
 * Runs `task` holding the lock `fh` created at `path`: every `heartbeatMs` an unref'd timer sets
 * the mtime of that very file (through the handle, so never of a lock that replaced it). The timer
 * is always cleared; then the file is removed only if `path` is still that file, and closed.
 */
async function hold<T>(path: string, fh: FileHandle, heartbeatMs: number, task: () => Promise<T>): Promise<T> {
  const beat = setInterval(() => {
    const now = new Date();
    fh.utimes(now, now).catch(() => undefined);
  }, heartbeatMs);
  beat.unref();
  try {
    return await task();
  } finally {
    clearInterval(beat);
    try {
      const [mine, current] = await Promise.all([fh.stat(), stat(path).catch(() => undefined)]);
      if (current?.ino === mine.ino && current.dev === mine.dev) await removeIfExists(path);
    } finally {
      await fh.close();
    }
  }
}

/**
 * Removes the lock at `path` if it is abandoned (see `abandoned`); true when it is gone now.
 * Breakers take turns through the lock `<path>.break` and judge again under it, so two of them
 * cannot both break, one the abandoned lock and the other the live lock taken in its place.
 */
async function breakIfAbandoned(path: string, holder: Holder, bounds: LockBounds): Promise<boolean> {
  const verdict = await abandoned(path, bounds.staleMs);
  if (verdict !== true) return verdict === 'gone';
  const guard = `${path}.break`;
  const fh = await tryAcquire(guard, holder);
  if (!fh) {
    if ((await abandoned(guard, bounds.staleMs)) === true) await removeIfExists(guard);
    return false;
  }
  return hold(guard, fh, bounds.heartbeatMs, async () => {
    const again = await abandoned(path, bounds.staleMs);
    if (again === true) await removeIfExists(path);
    return again !== false;
  });
}

/**
 * Runs `task` while holding the exclusive lock file `path`, shared by every process and every
 * store instance on this machine. The lock is a file created with flag 'wx' naming its holder
 * (host, pid, process start), whose mtime the holder refreshes every `heartbeatMs` (2 s) while
 * `task` runs. A lock is broken only when its holder is dead, or, when its liveness cannot be
 * checked, its mtime is older than `staleMs` (30 s); a live holder on this host is waited for,
 * however long it takes. Not fair: a process appending a burst may keep a waiting one out for
 * that burst. Waiting uses real time (it is about processes, not about domain time) and gives up
 * after `timeoutMs` (45 s). Residual risk: a holder on another host frozen longer than `staleMs`
 * (a VM pause) loses its lock while it still believes it holds it.
 */
export async function withFileLock<T>(path: string, task: () => Promise<T>, bounds: Partial<LockBounds> = {}): Promise<T> {
  const b = { ...DEFAULT_BOUNDS, ...bounds };
  if (!(b.heartbeatMs > 0 && 2 * b.heartbeatMs <= b.staleMs)) throw new RangeError('lock bounds need 0 < heartbeatMs <= staleMs / 2');
  const holder: Holder = { host: hostname(), pid: process.pid, started: await ownStart };
  const deadline = Date.now() + b.timeoutMs;
  let fh: FileHandle | undefined;
  for (let attempt = 0; !(fh = await tryAcquire(path, holder)); attempt++) {
    if (await breakIfAbandoned(path, holder, b)) continue;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for lock ${path}; if no zhiban process is running, delete that file`);
    }
    await sleep(1 + Math.random() * Math.min(20, 2 ** attempt));
  }
  return hold(path, fh, b.heartbeatMs, task);
}
