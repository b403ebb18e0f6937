import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeEvent, decodeEvents, encodeEvent, toStoredEvent } from './event-codec.js';
import { errorCode, readIfExists, writeFileAtomic, writeNewFile } from './fs-atomic.js';
import { REPAIRED_EVENT, StoreNotFoundError, type StoredEvent } from './port.js';

/*
 * The file operations on one incident log (`<id>.jsonl`, one JSON event per line). Callers hold
 * the incident's lock for everything that writes; `readLog` alone may run without it.
 */

const NEWLINE = 0x0a;

/** The last line of a log: the seq it holds, or why the fast path cannot tell. */
export type Tail = { seq: number } | 'torn' | 'damaged' | 'missing';

/** Reads the last line of the log at `file` from its end, without reading the whole log. */
export async function readTail(file: string, id: string): Promise<Tail> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return 'missing';
    throw e;
  }
  try {
    const { size } = await fh.stat();
    if (size === 0) return { seq: 0 };
    for (let chunk = 4096; ; chunk *= 4) {
      const start = Math.max(0, size - chunk);
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(size - start), 0, size - start, start);
      if (bytesRead !== buffer.length || buffer[buffer.length - 1] !== NEWLINE) return 'torn';
      const before = buffer.length >= 2 ? buffer.lastIndexOf(NEWLINE, buffer.length - 2) : -1;
      if (before < 0 && start > 0) continue;
      const event = decodeEvent(buffer.toString('utf8', before + 1, buffer.length - 1), id);
      return typeof event === 'string' ? 'damaged' : { seq: event.seq };
    }
  } finally {
    await fh.close();
  }
}

/** Appends `event` to the log with one write of its whole line and makes it durable. */
export async function appendEvent(file: string, event: StoredEvent): Promise<void> {
  const bytes = Buffer.from(encodeEvent(event), 'utf8');
  const fh = await open(file, 'a');
  try {
    const { bytesWritten } = await fh.write(bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) throw new Error(`short write to ${file}: ${bytesWritten} of ${bytes.length} bytes`);
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

/**
 * The events of the log when it ends cleanly (empty or last byte '\n'); `'torn'` when it does
 * not (the caller settles it under the lock); undefined when it does not exist. A damaged
 * complete line throws StoreCorruptionError at `<file>:<line>`.
 */
export async function readLog(file: string, id: string): Promise<StoredEvent[] | 'torn' | undefined> {
  const bytes = await readIfExists(file);
  if (bytes === undefined) return undefined;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== NEWLINE) return 'torn';
  return decodeEvents(bytes.toString('utf8'), id, file);
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
 * throws StoreCorruptionError before anything is changed.
 */
export async function settleLog(file: string, id: string, at: number, base: string): Promise<StoredEvent[]> {
  const bytes = await readIfExists(file);
  if (bytes === undefined) throw new StoreNotFoundError(id);
  const cut = bytes.lastIndexOf(NEWLINE) + 1;
  const events = decodeEvents(bytes.toString('utf8', 0, cut), id, file);
  if (cut === bytes.length) return events;
  const torn = bytes.subarray(cut);
  const savedTo = `${base}/${await quarantine(file, torn, at)}`;
  const repaired = toStoredEvent(id, events.length + 1, {
    type: REPAIRED_EVENT,
    at,
    actor: 'zhiban',
    data: { bytes: torn.length, savedTo },
  });
  await writeFileAtomic(file, Buffer.concat([bytes.subarray(0, cut), Buffer.from(encodeEvent(repaired), 'utf8')]));
  return [...events, repaired];
}
