/** The start of a response body. */
export interface BoundedBody {
  text: string;
  /** Bytes read (at most the limit). */
  bytes: number;
  /** True when the limit was reached: the rest, if any, was not read. */
  cut: boolean;
}

/**
 * Reads at most `maxBytes` of a response body, decoded as UTF-8, and cancels the rest so a huge
 * or endless body never holds the probe or its memory.
 */
export async function readBoundedBody(res: Response, maxBytes: number): Promise<BoundedBody> {
  if (!res.body) return { text: '', bytes: 0, cut: false };
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    while (bytes < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - bytes;
      const part = value.byteLength > room ? value.subarray(0, room) : value;
      chunks.push(part);
      bytes += part.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), bytes, cut: bytes >= maxBytes };
}
