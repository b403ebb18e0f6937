/** Which output stream a log line came from. */
export type LogStream = 'stdout' | 'stderr';

/** One complete log line (without its newline) and its stream. */
export interface RawLogLine {
  stream: LogStream;
  text: string;
}

const HEADER = 8;

/** True when `buf` starts like Docker's multiplexed stream: type 0–2, three zero bytes, a length. */
function looksMultiplexed(buf: Buffer): boolean {
  return buf.length >= HEADER && (buf[0] ?? 9) <= 2 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
}

/**
 * Splits a Docker log payload into lines in the order the engine sent them. Non-TTY containers
 * send frames with an 8-byte header (stream type, 3 zero bytes, big-endian length); a line may
 * span frames, so bytes are joined per stream before decoding (UTF-8 is never cut mid-character).
 * TTY containers (`tty` true) send raw text, reported as stdout. A trailing line without a
 * newline is kept; a frame cut short keeps the bytes that are there.
 */
export function demultiplex(buf: Buffer, tty: boolean): RawLogLine[] {
  const lines: RawLogLine[] = [];
  const pending: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  const push = (stream: LogStream, chunk: Buffer): void => {
    let rest = chunk;
    for (let nl = rest.indexOf(0x0a); nl >= 0; nl = rest.indexOf(0x0a)) {
      const text = Buffer.concat([...pending[stream], rest.subarray(0, nl)]).toString('utf8');
      lines.push({ stream, text: text.replace(/\r$/, '') });
      pending[stream] = [];
      rest = rest.subarray(nl + 1);
    }
    if (rest.length > 0) pending[stream].push(rest);
  };
  if (tty || !looksMultiplexed(buf)) {
    push('stdout', buf);
  } else {
    for (let at = 0; at + HEADER <= buf.length; ) {
      const size = buf.readUInt32BE(at + 4);
      push(buf[at] === 2 ? 'stderr' : 'stdout', buf.subarray(at + HEADER, at + HEADER + size));
      at += HEADER + size;
    }
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    if (pending[stream].length > 0) push(stream, Buffer.from('\n'));
  }
  return lines;
}
