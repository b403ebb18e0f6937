import type { Redis } from 'ioredis';
import { Redactor } from '../../core/redact.js';
import { lazyModule } from '../lazy-module.js';
import type { ProbeContext } from '../types.js';

const ioredis = lazyModule<typeof import('ioredis')>('ioredis');

/** The part of a probe context a Redis connection obeys: its deadline. */
export type RedisDeadline = Pick<ProbeContext, 'signal' | 'timeoutMs'>;

/**
 * Connects to `url` with one short-lived client (connect and every command bounded by
 * `deadline.timeoutMs`; no retries, no reconnects, no offline queue, no ready check, no CLIENT
 * SETINFO, RESP2; the socket is dropped at once on disconnect), runs `use` and always disconnects; an abort of `deadline.signal` disconnects at
 * once. Rejects with the client's last `error` event when there was one (it says more than
 * "Connection is closed"), else with what failed. Credentials in the URL are sent by zhiban
 * itself with AUTH, so a password the server does not need is accepted quietly (ioredis would
 * print a warning to stderr, outside the JSON log).
 */
export async function withRedisClient<T>(url: string, deadline: RedisDeadline, use: (client: Redis) => Promise<T>): Promise<T> {
  const { bare, username, password } = splitCredentials(url);
  const client = new (ioredis().Redis)(bare, {
    lazyConnect: true,
    connectTimeout: deadline.timeoutMs,
    // a hung server never answers the close: drop the socket at once instead of keeping the process 2 s
    disconnectTimeout: 0,
    commandTimeout: deadline.timeoutMs,
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
    if (password) await authenticate(client, username, password);
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

/** The URL without user and password, and those credentials (decoded). */
function splitCredentials(url: string): { bare: string; username: string; password: string } {
  try {
    const u = new URL(url);
    const username = decodeURIComponent(u.username);
    const password = decodeURIComponent(u.password);
    u.username = '';
    u.password = '';
    return { bare: u.toString(), username, password };
  } catch {
    return { bare: url, username: '', password: '' };
  }
}

/** AUTH with the URL's credentials; a server that has no password for the default user is fine. */
async function authenticate(client: Redis, username: string, password: string): Promise<void> {
  try {
    await (username ? client.auth(username, password) : client.auth(password));
  } catch (err) {
    const msg = (err as Error)?.message ?? '';
    if (!username && /no password is set|without any password configured/i.test(msg)) return;
    throw err;
  }
}
