import { open } from 'node:fs/promises';
import { decodeEvent } from './event-codec.js';
import { errorCode } from './fs-atomic.js';
import { StoreCorruptionError, StoreNotFoundError, type IncidentSummary, type StoredEvent } from './port.js';
import { foldSummary } from './summary.js';

/*
 * Reading an incident log (`<id>.jsonl`) a chunk at a time: a timeline of any size is parsed
 * line by line and never held in memory as one string.
 */

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

/** Where a log is: its absolute path (for the operator) and its path relative to the store (safe to show). */
export interface LogRef {
  id: string;
  file: string;
  shown: string;
}

/** One complete line: its number (from 1), its bytes without '\n', and the byte offset just after it. */
interface Line {
  n: number;
  bytes: Buffer;
  end: number;
}

/**
 * The complete lines of the log from byte `start` (which must begin line `firstLine`); a torn
 * last line (no '\n' yet) is not yielded. Throws StoreNotFoundError when the log does not exist.
 */
async function* lines(ref: LogRef, start: number, firstLine: number): AsyncGenerator<Line> {
  let fh;
  try {
    fh = await open(ref.file, 'r');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') throw new StoreNotFoundError(ref.id);
    throw e;
  }
  try {
    let carry = Buffer.alloc(0);
    let offset = start;
    let n = firstLine;
    for (;;) {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(CHUNK), 0, CHUNK, offset);
      if (bytesRead === 0) return;
      const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      const base = offset - carry.length;
      let from = 0;
      for (let nl = data.indexOf(NEWLINE); nl >= 0; nl = data.indexOf(NEWLINE, from)) {
        yield { n: n++, bytes: data.subarray(from, nl), end: base + nl + 1 };
        from = nl + 1;
      }
      carry = Buffer.from(data.subarray(from));
      offset += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

/** Decodes line `line.n` as event seq `line.n`, or throws StoreCorruptionError naming `<file>:<line>`. */
function decodeLine(ref: LogRef, line: Line): StoredEvent {
  const event = decodeEvent(line.bytes.toString('utf8'), ref.id, line.n);
  if (typeof event === 'string') throw new StoreCorruptionError(`${ref.file}:${line.n}`, event, `${ref.shown}:${line.n}`);
  return event;
}

/**
 * The events of the log from seq `fromSeq` (lines before it are counted, not parsed), stopping
 * before a torn last line. A damaged line throws StoreCorruptionError at `<file>:<line>`.
 */
export async function* streamLog(ref: LogRef, fromSeq = 1): AsyncGenerator<StoredEvent> {
  for await (const line of lines(ref, 0, 1)) if (line.n >= fromSeq) yield decodeLine(ref, line);
}

/** A summary with the number of log bytes it was folded from. */
export interface FoldedLog {
  bytes: number;
  summary: IncidentSummary | undefined;
}

/**
 * Folds the complete lines after `from` (the summary of the first `from.bytes` bytes; nothing
 * for a fold from the start) into the summary. Throws StoreCorruptionError for a damaged line.
 */
export async function foldLog(ref: LogRef, from: FoldedLog = { bytes: 0, summary: undefined }): Promise<FoldedLog> {
  let { bytes, summary } = from;
  for await (const line of lines(ref, bytes, (summary?.lastSeq ?? 0) + 1)) {
    summary = foldSummary(summary, decodeLine(ref, line));
    bytes = line.end;
  }
  return { bytes, summary };
}
