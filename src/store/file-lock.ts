import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode } from './fs-atomic.js';
import { isPlainObject } from './guards.js';

/** How long a lock may be held before others treat it as left behind by a hung or crashed holder. */
const STALE_MS = 10_000;
/** How long `withFileLock` waits for a live holder before giving up. */
const TIMEOUT_MS = 20_000;

/** What a lock file says about its holder. */
interface Holder {
  host: string;
  pid: number;
  /** When that process started (see startTicks), so a reused pid is not mistaken for the holder. */
  started: string | null;
  token: string;
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
 * True when `holder` is a process on this host that no longer runs: its pid is gone, or now
 * belongs to a process that started at another time (containers restart as the same pid).
 */
async function holderIsDead(holder: Partial<Holder> | undefined): Promise<boolean> {
  if (!holder || holder.host !== hostname() || typeof holder.pid !== 'number') return false;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    return errorCode(e) === 'ESRCH';
  }
  const now = await startTicks(holder.pid);
  return typeof holder.started === 'string' && now !== null && now !== holder.started;
}

/**
 * Removes the lock at `path` when its holder is dead or it is older than STALE_MS; true when the
 * lock is gone now. The lock is first renamed aside and checked to be the very file judged stale;
 * had a new holder taken the name in between, its lock is linked back.
 */
async function breakIfStale(path: string): Promise<boolean> {
  let judged;
  try {
    judged = await stat(path);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return true;
    throw e;
  }
  const old = Date.now() - judged.mtimeMs > STALE_MS;
  if (!old && !(await holderIsDead(await readHolder(path)))) return false;
  const aside = `${path}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return true;
    throw e;
  }
  if ((await stat(aside)).ino !== judged.ino) await link(aside, path).catch(() => undefined);
  await unlink(aside);
  return true;
}

/** Creates the lock file (flag 'wx'); false when somebody else holds it. */
async function tryAcquire(path: string, holder: Holder): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx');
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(JSON.stringify(holder));
  } catch (e) {
    await fh.close();
    await unlink(path).catch(() => undefined);
    throw e;
  }
  await fh.close();
  return true;
}

/** When this process started (computed once). */
const ownStart = startTicks(process.pid);

/** Removes the lock file only if it is still ours (a lock broken as stale now belongs to someone else). */
async function release(path: string, token: string): Promise<void> {
  if ((await readHolder(path))?.token !== token) return;
  await unlink(path).catch((e: unknown) => {
    if (errorCode(e) !== 'ENOENT') throw e;
  });
}

/**
 * Runs `task` while holding the exclusive lock file `path`, shared by every process and every
 * store instance on this machine. The lock is a file created with flag 'wx' naming its holder
 * (host, pid, process start, token); a lock whose holder process is dead, or older than 10 s, is
 * broken. Not fair: a process appending a burst may keep a waiting one out for that burst.
 * Waiting uses real time (it is about processes, not about domain time) and gives up after 20 s.
 */
export async function withFileLock<T>(path: string, task: () => Promise<T>): Promise<T> {
  const holder: Holder = { host: hostname(), pid: process.pid, started: await ownStart, token: randomUUID() };
  const deadline = Date.now() + TIMEOUT_MS;
  for (let attempt = 0; !(await tryAcquire(path, holder)); attempt++) {
    if (await breakIfStale(path)) continue;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for lock ${path}; if no zhiban process is running, delete that file`);
    }
    await sleep(1 + Math.random() * Math.min(20, 2 ** attempt));
  }
  try {
    return await task();
  } finally {
    await release(path, holder.token);
  }
}
