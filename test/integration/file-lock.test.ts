import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock, type LockBounds } from '../../src/store/file-lock.js';

/** Small bounds so a test waits many staleMs in well under a second; heartbeats are 15× more frequent. */
const SMALL: LockBounds = { heartbeatMs: 10, staleMs: 150, timeoutMs: 5_000 };
/** A holder on another host: only its heartbeat can tell whether it is alive. */
const OTHER_HOST = { host: 'other-host', pid: 1, started: '1' };

/** When this process started, as the lock records it (field 22 of /proc/self/stat). */
const ownStart = async () => (await readFile('/proc/self/stat', 'utf8')).split(') ')[1]!.split(' ')[19]!;

describe('withFileLock', () => {
  let root: string;
  let path: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'zhiban-lock-'));
    path = join(root, 'record.json.lock');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Takes the lock with `bounds` and keeps it until `release()`; `inside` resolves once the task runs. */
  function holdLock(bounds: Partial<LockBounds>, work: () => Promise<void> = async () => undefined) {
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let ran = false;
    const done = withFileLock(path, async () => {
      ran = true;
      entered();
      await gate;
      await work();
    }, bounds);
    return { inside, done, release, ran: () => ran };
  }

  /** Refreshes the mtime of the lock file the way a holder elsewhere would, until the returned stop() is awaited. */
  function heartbeatFromElsewhere(): () => Promise<void> {
    let beating = true;
    const loop = (async () => {
      while (beating) {
        const now = new Date();
        await utimes(path, now, now);
        await sleep(SMALL.heartbeatMs);
      }
    })();
    return async () => {
      beating = false;
      await loop;
    };
  }

  it('never breaks a live holder on this host, however long it holds and however old its lock file (the old rule broke it after 10 s)', async () => {
    const stalled = holdLock({ heartbeatMs: 60_000, staleMs: 120_000 });
    await stalled.inside;
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(path, aMinuteAgo, aMinuteAgo);
    const lockFile = await stat(path);

    const waiter = holdLock(SMALL);
    await sleep(4 * SMALL.staleMs);

    expect(waiter.ran()).toBe(false);
    expect((await stat(path)).ino).toBe(lockFile.ino);
    stalled.release();
    await stalled.done;
    await waiter.inside;
    waiter.release();
    await waiter.done;
    expect(await readdir(root)).toEqual([]);
  });

  it('keeps a lock whose holder cannot be checked alive with its heartbeat for as long as the holder works', async () => {
    const holder = holdLock(SMALL);
    await holder.inside;
    await writeFile(path, JSON.stringify(OTHER_HOST));

    const waiter = holdLock(SMALL);
    await sleep(4 * SMALL.staleMs);

    expect(waiter.ran()).toBe(false);
    expect(Date.now() - (await stat(path)).mtimeMs).toBeLessThan(SMALL.staleMs);
    holder.release();
    await holder.done;
    await waiter.inside;
    waiter.release();
    await waiter.done;
  });

  it.each([
    ['whose holder process has died', async () => ({ pid: spawnSync(process.execPath, ['-e', '']).pid, started: '1' })],
    ['whose pid now belongs to another process (a restarted container)', async () => ({ pid: process.pid, started: '1' })],
  ])('breaks a fresh lock %s at once, with production bounds', async (_, holder) => {
    await writeFile(path, JSON.stringify({ host: hostname(), ...(await holder()) }));
    const started = Date.now();
    expect(await withFileLock(path, async () => 'mine')).toBe('mine');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await readdir(root)).toEqual([]);
  });

  it.each([
    ['on another host', JSON.stringify(OTHER_HOST)],
    ['on this host without a process start time', JSON.stringify({ host: hostname(), pid: process.pid })],
    ['that crashed before naming itself', ''],
  ])('breaks the lock of a holder %s once its heartbeat has stopped for staleMs, not before', async (_, content) => {
    await writeFile(path, content);
    const stopHeartbeat = heartbeatFromElsewhere();
    const waiter = holdLock(SMALL);
    await sleep(3 * SMALL.staleMs);
    expect(waiter.ran()).toBe(false);

    await stopHeartbeat();
    const lastBeat = (await stat(path)).mtimeMs;
    await waiter.inside;

    const silentFor = Date.now() - lastBeat;
    expect(silentFor).toBeGreaterThanOrEqual(SMALL.staleMs);
    expect(silentFor).toBeLessThan(SMALL.staleMs + 2_000);
    waiter.release();
    await waiter.done;
    expect(await readdir(root)).toEqual([]);
  });

  it('gives up after timeoutMs and leaves the lock of a live holder as it was', async () => {
    const live = JSON.stringify({ host: hostname(), pid: process.pid, started: await ownStart() });
    await writeFile(path, live);
    let ran = false;
    const waited = withFileLock(path, async () => (ran = true), { ...SMALL, timeoutMs: 300 });
    await expect(waited).rejects.toThrow(/timed out waiting for lock .*record\.json\.lock/);
    expect(ran).toBe(false);
    expect(await readFile(path, 'utf8')).toBe(live);
  });

  it('stops its heartbeat and removes only its own lock file when the task fails', async () => {
    const someoneElses = JSON.stringify(OTHER_HOST);
    const aMinuteAgo = new Date(Date.now() - 60_000);
    const holder = holdLock(SMALL, async () => {
      await rm(path);
      await writeFile(path, someoneElses);
      await utimes(path, aMinuteAgo, aMinuteAgo);
      await sleep(5 * SMALL.heartbeatMs);
      throw new Error('boom');
    });
    await holder.inside;
    holder.release();
    await expect(holder.done).rejects.toThrow('boom');
    expect(await readFile(path, 'utf8')).toBe(someoneElses);
    expect(Math.abs((await stat(path)).mtimeMs - aMinuteAgo.getTime())).toBeLessThan(1);
  });

  it('lets exactly one of many waiters break a dead lock, and the others take turns after it', async () => {
    await writeFile(path, JSON.stringify({ host: hostname(), pid: spawnSync(process.execPath, ['-e', '']).pid, started: '1' }));
    let inside = 0;
    let most = 0;
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withFileLock(path, async () => {
          most = Math.max(most, ++inside);
          await sleep(2);
          inside--;
          return i;
        }),
      ),
    );
    expect(runs).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(1);
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses bounds whose heartbeat does not fit several times into staleMs', async () => {
    for (const bounds of [{ heartbeatMs: 0 }, { heartbeatMs: 100, staleMs: 150 }]) {
      await expect(withFileLock(path, async () => undefined, bounds)).rejects.toBeInstanceOf(RangeError);
    }
    expect(await readdir(root)).toEqual([]);
  });
});
