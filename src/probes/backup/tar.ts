import { Writable } from 'node:stream';

const BLOCK = 512;

/** What a tar stream held when it ended. */
export interface TarSummary {
  entries: number;
  /** True when the end-of-archive marker (a zero block) was reached outside any entry's data. */
  complete: boolean;
}

/** An octal (or GNU base-256) number field of a tar header. */
function numberField(buf: Buffer, start: number, length: number): number {
  if ((buf[start]! & 0x80) !== 0) {
    let n = 0;
    for (let i = start + 1; i < start + length; i += 1) n = n * 256 + buf[i]!;
    return n;
  }
  const text = buf.toString('latin1', start, start + length).replace(/\0.*$/s, '').trim();
  return text ? parseInt(text, 8) : 0;
}

/** True when the header's checksum (field 148–155, counted as spaces) matches its bytes. */
function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return numberField(h, 148, 8) === sum;
}

/** A tar archive that is not one: a header with a wrong checksum. */
export class TarFormatError extends Error {
  constructor(readonly offset: number) {
    super(`not a tar header at byte ${offset} (checksum mismatch)`);
    this.name = 'TarFormatError';
  }
}

/**
 * A sink that walks a tar stream header by header (ustar, GNU and pax alike: every entry is a
 * 512-byte header then its data padded to 512), skipping the data, until the end-of-archive
 * zero block. Fails with TarFormatError on a header whose checksum is wrong; `summary()` says
 * whether the archive ended properly (a truncated one ends inside an entry or before the marker).
 */
export class TarWalker extends Writable {
  private header = Buffer.alloc(0);
  private skip = 0;
  private offset = 0;
  private entries = 0;
  private ended = false;

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    let at = 0;
    while (at < chunk.length && !this.ended) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        at += n;
        this.offset += n;
        continue;
      }
      const need = BLOCK - this.header.length;
      const part = chunk.subarray(at, at + need);
      this.header = Buffer.concat([this.header, part]);
      at += part.length;
      if (this.header.length < BLOCK) break;
      const h = this.header;
      this.header = Buffer.alloc(0);
      if (h.every((b) => b === 0)) {
        this.ended = true;
        break;
      }
      if (!checksumOk(h)) return cb(new TarFormatError(this.offset));
      this.offset += BLOCK;
      this.entries += 1;
      const size = numberField(h, 124, 12);
      this.skip = Math.ceil(size / BLOCK) * BLOCK;
    }
    cb();
  }

  /** Entries seen and whether the archive ended with its marker. */
  summary(): TarSummary {
    return { entries: this.entries, complete: this.ended && this.skip === 0 };
  }
}
