import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { TarFormatError, TarWalker } from './tar.js';

/** What a backup file is, from its name: what reading it to the end must prove. */
export type BackupKind = 'sql.gz' | 'tar.gz' | 'gz' | 'tar' | 'sql' | 'other';

/** The text mysqldump (and mariadb-dump) writes as the dump's last line. */
export const DUMP_COMPLETED = '-- Dump completed';
/** Bytes of the (decompressed) end of a dump in which the completion line is looked for. */
const TAIL_BYTES = 4096;

/** The kind of a backup file, by its name's ending. */
export function backupKind(file: string): BackupKind {
  if (/\.sql\.gz$/i.test(file)) return 'sql.gz';
  if (/\.(tar\.gz|tgz)$/i.test(file)) return 'tar.gz';
  if (/\.gz$/i.test(file)) return 'gz';
  if (/\.tar$/i.test(file)) return 'tar';
  if (/\.sql$/i.test(file)) return 'sql';
  return 'other';
}

/** How reading a file to the end went. `bytesRead` counts the file's (compressed) bytes. */
export type Integrity =
  | { status: 'ok'; note: string }
  | { status: 'bad'; reason: string }
  | { status: 'unfinished'; bytesRead: number }
  | { status: 'skipped' };

/** A sink that keeps only the last TAIL_BYTES of what goes through it. */
class TailKeeper extends Writable {
  tail = Buffer.alloc(0);
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.tail = Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
    cb();
  }
}

/** Reads only the last TAIL_BYTES of a plain file. */
async function fileTail(path: string, size: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, size - length);
    return buf.toString('utf8');
  } finally {
    await fh.close();
  }
}

const dumpVerdict = (tail: string): Integrity =>
  tail.includes(DUMP_COMPLETED)
    ? { status: 'ok', note: `ends with "${DUMP_COMPLETED}"` }
    : { status: 'bad', reason: `the dump does not end with "${DUMP_COMPLETED}" (mysqldump was interrupted or failed)` };

/** A zlib or tar failure as a reason a person understands. */
function reasonOf(err: unknown): string {
  if (err instanceof TarFormatError) return `not a valid tar archive: ${err.message}`;
  const e = err as { code?: string; message?: string };
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message ?? '')) return 'the gzip stream ends early (truncated file)';
  if (e.code === 'Z_DATA_ERROR') return `the gzip data is corrupt (${e.message ?? 'bad data'})`;
  return e.message ?? String(err);
}

/**
 * Reads a backup file to the end, read-only, to prove it can be restored: a gzip stream must
 * decompress to its end (every member), a tar archive (gzip'd or not) must be walked header by
 * header to its end-of-archive marker, and a SQL dump must end with mysqldump's completion line
 * (for a plain `.sql` file only its last 4 KiB are read). Stops when `signal` aborts and says how
 * far it got (`unfinished`). Never throws for a bad file: that is `bad` with the reason.
 */
export async function checkIntegrity(path: string, size: number, signal: AbortSignal): Promise<Integrity> {
  const kind = backupKind(path);
  if (kind === 'other') return { status: 'skipped' };
  if (kind === 'sql') return dumpVerdict(await fileTail(path, size));
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  const stages: Transform[] = kind === 'tar' ? [] : [createGunzip()];
  const tar = kind === 'tar' || kind === 'tar.gz' ? new TarWalker() : undefined;
  const tail = kind === 'sql.gz' ? new TailKeeper() : undefined;
  const sink = tar ?? tail ?? new PassThrough().resume();
  try {
    await pipeline([source, ...stages, sink], { signal });
  } catch (err) {
    if (signal.aborted) return { status: 'unfinished', bytesRead: source.bytesRead };
    return { status: 'bad', reason: reasonOf(err) };
  }
  if (tail) return dumpVerdict(tail.tail.toString('utf8'));
  if (tar) {
    const s = tar.summary();
    return s.complete
      ? { status: 'ok', note: `tar archive of ${s.entries} entries read to its end` }
      : { status: 'bad', reason: `the tar archive ends early after ${s.entries} entries (truncated file)` };
  }
  return { status: 'ok', note: 'gzip stream read to its end' };
}
