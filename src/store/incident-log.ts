import { open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { decodeEvents, encodeEvent, toStoredEvent } from './event-codec.js';
import { errorCode, readIfExists, writeFileAtomic, writeNewFile } from './fs-atomic.js';
import { REPAIRED_EVENT, StoreNotFoundError, type StoredEvent } from './port.js';

/*
 * The file operations on one incident log (`<id>.jsonl`, one JSON event per line). Callers hold
 * the incident's lock for everything that writes; `readLog` alone may run without it.
 */

const NEWLINE = 0x0a;

/** True when the log at `file` is empty or its byte at `size - 1` is '\n' (its last line is complete). */
export async function endsWithNewline(file: string, size: number): Promise<boolean> {
  if (size === 0) return true;
  const fh = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(1), 0, 1, size - 1);
    return bytesRead === 1 && buffer[0] === NEWLINE;
  } finally {
    await fh.close();
  }
}

/**
 * Appends `event` to the log as one whole line and makes it durable. A write that fails or
 * stops short (a full disk reports ENOSPC only on the next write) is cut back off, so no torn
 * line is left where it can be helped, and rejects with the system error (`code` ENOSPC, …).
 */
export async function appendEvent(file: string, event: StoredEvent): Promise<void> {
  const bytes = Buffer.from(encodeEvent(event), 'utf8');
  const fh = await open(file, 'a');
  try {
    const { size } = await fh.stat();
    try {
      for (let done = 0; done < bytes.length; ) {
        const { bytesWritten } = await fh.write(bytes, done, bytes.length - done);
        if (bytesWritten === 0) throw Object.assign(new Error(`no space left to append to ${file}`), { code: 'ENOSPC' });
        done += bytesWritten;
      }
      await fh.datasync();
    } catch (e) {
      await fh.truncate(size).catch(() => undefined);
      throw e;
    }
  } finally {
    await fh.close();
  }
}

/** Saves torn bytes durably in a new file next to the log; resolves to that file's name. */
async function quarantine(file: string, torn: Buffer, at: number): Promise<string> {
  for (let n = 0; ; n++) {
    const aside = `${file}.torn-${at}${n === 0 ? '' : `-${n}`}`;
    try {
      await writeNewFile(aside, torn);
      return basename(aside);
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') throw e;
    }
  }
}

/**
 * Reads the whole log of an existing incident (lock held). When its last line is torn, moves
 * those bytes to `<log>.torn-<at>`, rewrites the log atomically as its complete lines plus a
 * `store.repaired` event (`savedTo` is the quarantine file's path from the data folder, which
 * `base` names relative to), and returns the events including that one. A damaged complete line
 * throws StoreCorruptionError before anything is changed; a failed rewrite (a full disk) removes
 * the quarantine file again, so a failed repair never leaves anything behind.
 */
export async function settleLog(file: string, id: string, at: number, base: string): Promise<StoredEvent[]> {
  const bytes = await readIfExists(file);
  if (bytes === undefined) throw new StoreNotFoundError(id);
  const cut = bytes.lastIndexOf(NEWLINE) + 1;
  const events = decodeEvents(bytes.toString('utf8', 0, cut), id, file, `${base}/${basename(file)}`);
  if (cut === bytes.length) return events;
  const torn = bytes.subarray(cut);
  const aside = await quarantine(file, torn, at);
  const repaired = toStoredEvent(id, events.length + 1, {
    type: REPAIRED_EVENT,
    at,
    actor: 'zhiban',
    data: { bytes: torn.length, savedTo: `${base}/${aside}` },
  });
  try {
    await writeFileAtomic(file, Buffer.concat([bytes.subarray(0, cut), Buffer.from(encodeEvent(repaired), 'utf8')]));
  } catch (e) {
    await unlink(join(dirname(file), aside)).catch(() => undefined);
    throw e;
  }
  return [...events, repaired];
}
