import { Redis } from 'ioredis';
import { Redactor } from '../../core/redact.js';
import type { ProbeContext } from '../types.js';

/** How long a disconnect waits for the server to close its side before the socket is destroyed (ioredis waits 2 s). */
const DISCONNECT_MS = 50;

/** The part of a probe context a Redis connection obeys: its deadline. */
export type RedisDeadline = Pick<ProbeContext, 'signal' | 'timeoutMs'>;

/**
 * Connects to `url` with one short-lived client (connect and every command bounded by
 * `deadline.timeoutMs`; no retries, no reconnects, no offline queue, no ready check, no CLIENT
 * SETINFO, RESP2), runs `use` and always disconnects; an abort of `deadline.signal` disconnects at
 * once, and a hung server cannot hold the socket (and the process) open after that. Rejects with the client's last `error` event when there was one (it says more than
 * "Connection is closed"), else with what failed.
 */
export async function withRedisClient<T>(url: string, deadline: RedisDeadline, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: deadline.timeoutMs,
    commandTimeout: deadline.timeoutMs,
    disconnectTimeout: DISCONNECT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: null,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    disableClientInfo: true,
    protocol: 2,
  });
  let lastError: unknown;
  client.on('error', (err: unknown) => {
    lastError = err;
  });
  const abort = (): void => client.disconnect();
  deadline.signal.addEventListener('abort', abort, { once: true });
  try {
    await client.connect();
    return await use(client);
  } catch (err) {
    throw lastError ?? err;
  } finally {
    deadline.signal.removeEventListener('abort', abort);
    client.disconnect();
  }
}

/** `redact` plus the password of the Redis `url` (raw and decoded); the whole `url` when it cannot be parsed. */
export function redisUrlRedactor(url: string, redact: (s: string) => string): (s: string) => string {
  const secrets = new Redactor();
  try {
    const u = new URL(url);
    secrets.add(u.password, decodeURIComponent(u.password));
  } catch {
    secrets.add(url);
  }
  return (s) => secrets.redact(redact(s));
}
