import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { close, fdatasync, open as openCallback, write } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const fdOpen = promisify(openCallback);
const fdWrite = promisify(write) as (fd: number, data: Buffer) => Promise<unknown>;
const fdDatasync = promisify(fdatasync);
const fdClose = promisify(close);

/** The `code` of a Node.js system error (ENOENT, EEXIST, …), or undefined. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The file's bytes, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/** Makes the entries of directory `dir` (created, renamed, removed files) durable. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Writes `data` to a new file at `path` (flag 'wx': fails with EEXIST when it exists) and makes
 * it and its directory entry durable before resolving. A failed write removes the file again.
 */
export async function writeNewFile(path: string, data: string | Buffer): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(data);
    await fh.datasync();
  } catch (e) {
    await fh.close();
    await unlink(path).catch(() => undefined);
    throw e;
  }
  await fh.close();
  await fsyncDir(dirname(path));
}

/** Writes `data` to a temp file next to `path` with `write`, then renames it over `path`; no temp file stays behind. */
async function replaceVia(path: string, data: string | Buffer, write: (temp: string, data: string | Buffer) => Promise<void>): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    await write(temp, data);
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

/**
 * True for the error of a filesystem that has no hard links (some SMB/CIFS and FUSE mounts):
 * `createFileExclusive` cannot work there, and the caller falls back to creating under its lock.
 */
export function linkUnsupported(e: unknown): boolean {
  return ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(e) ?? '');
}

/**
 * Creates `path` with `data` only when no file is there: the bytes go to a temp file first, which
 * is then hard-linked to `path` (`link` fails with EEXIST rather than replace, atomically, across
 * processes), so a reader sees no file or the whole one. Resolves to false when `path` existed.
 * `durable` waits for the disk (file data, then the directory entry) before resolving.
 */
export async function createFileExclusive(path: string, data: string | Buffer, durable: boolean): Promise<boolean> {
  const temp = `${path}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    // callback fs with a plain descriptor: a FileHandle costs the hot path (dedupe claims) several times as much
    const fd = await fdOpen(temp, 'wx');
    try {
      await fdWrite(fd, typeof data === 'string' ? Buffer.from(data) : data);
      if (durable) await fdDatasync(fd);
    } finally {
      await fdClose(fd);
    }
    await link(temp, path);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  if (durable) await fsyncDir(dirname(path));
  return true;
}

/**
 * Replaces `path` with `data` atomically and durably: a reader (or a crash) sees the old file or
 * the new one, never a mix. Writes a temp file next to it, fsyncs it, renames it over `path`
 * and fsyncs the directory. No temp file stays behind, even when a step fails.
 */
export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  await replaceVia(path, data, writeNewFile);
  await fsyncDir(dirname(path));
}

/**
 * Replaces `path` with `data` atomically but without waiting for the disk (temp file, rename):
 * for derived data that is checked when read back and rebuilt when stale or lost in a crash.
 */
export async function replaceFile(path: string, data: string): Promise<void> {
  await replaceVia(path, data, (temp, bytes) => writeFile(temp, bytes));
}
