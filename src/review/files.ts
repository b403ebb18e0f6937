import { randomUUID } from 'node:crypto';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorCode, fsyncDir } from '../store/fs-atomic.js';
import type { Sink } from './md.js';

/**
 * Streams what `produce` writes into a temp file next to `path` (each chunk awaited, so memory
 * stays bounded), fsyncs it and returns the temp path and its size. The caller publishes it with
 * `publishNew` or `publishReplace`; a failure removes the temp file.
 */
export async function writeTemp(path: string, produce: (sink: Sink) => Promise<void>): Promise<{ temp: string; bytes: number }> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  const fh = await open(temp, 'wx');
  let bytes = 0;
  try {
    await produce(async (chunk) => {
      const buf = Buffer.from(chunk, 'utf8');
      bytes += buf.length;
      await fh.write(buf);
    });
    await fh.datasync();
  } catch (e) {
    await fh.close();
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  return { temp, bytes };
}

/** Publishes `temp` as `path` only if `path` does not exist yet (false then; the temp file stays for the caller). */
export async function publishNew(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  }
  await fsyncDir(dirname(path));
  return true;
}

/** Publishes `temp` as `path`, atomically replacing an older file (for derived exports only). */
export async function publishReplace(temp: string, path: string): Promise<void> {
  await rename(temp, path);
  await fsyncDir(dirname(path));
}

/** Removes a temp file, ignoring one that is already gone. */
export async function discard(temp: string): Promise<void> {
  await unlink(temp).catch(() => undefined);
}
