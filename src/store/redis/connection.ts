import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../../core/logger.js';
import { StoreUnavailableError } from '../port.js';
import { StoreStartError } from './start-error.js';

/** How to reach the Redis server (a URL, or Sentinels and the primary's name) and how long to wait. */
export interface RedisTarget {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`); with `sentinels`, only its password and db are used. */
  url?: string;
  /** Sentinel addresses; with `name`, ioredis asks them for the current primary. */
  sentinels?: { host: string; port: number }[];
  /** The Sentinel name of the primary (`sentinel monitor <name> …`). */
  name?: string;
  /** Deadline of every command and of connecting, in ms. */
  timeoutMs: number;
}

/** `url` with any password replaced by `***` (safe for logs and messages). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    return `${scheme}${colon < 0 ? '***' : `${auth.slice(0, colon)}:***`}@`;
  });
}

/** A human name for the target: the redacted URL, or `sentinel <name> at host:port,…`. */
export function describeTarget(t: RedisTarget): string {
  if (t.sentinels?.length) return `sentinel ${t.name ?? 'mymaster'} at ${t.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
  return redactUrl(t.url ?? 'redis://127.0.0.1:6379');
}

/**
 * ioredis options for a store that must answer within `timeoutMs`: nothing is queued while
 * disconnected (a command fails at once instead of hanging), nothing is retried behind the
 * caller's back (a write is never sent twice), and the client reconnects by itself forever.
 */
function clientOptions(t: RedisTarget): RedisOptions {
  const base: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: t.timeoutMs,
    commandTimeout: t.timeoutMs,
    enableReadyCheck: false,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    reconnectOnError: (err) => /^(READONLY|MASTERDOWN|LOADING)/.test(err.message),
  };
  if (!t.sentinels?.length) return base;
  return { ...base, sentinels: t.sentinels, name: t.name ?? 'mymaster', sentinelRetryStrategy: (times) => Math.min(100 * times, 1000) };
}

/**
 * Connects to Redis, or throws StoreStartError naming the target when it cannot within the
 * timeout. The client's errors go to `logger` (once per outage), never to stderr.
 */
export async function connectRedis(t: RedisTarget, logger: Logger): Promise<Redis> {
  const where = describeTarget(t);
  const client = t.sentinels?.length ? new Redis(t.url ?? '', clientOptions(t)) : new Redis(t.url ?? 'redis://127.0.0.1:6379', clientOptions(t));
  let down = false;
  const lost = (error: string) => {
    if (down) return;
    down = true;
    logger.warn('redis store unreachable; reconnecting', { store: where, error });
  };
  client.on('error', (err: Error) => lost(err.message));
  client.on('reconnecting', () => lost('connection lost'));
  client.on('ready', () => {
    if (down) logger.info('redis store reachable again', { store: where });
    down = false;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw new StoreStartError(`cannot reach the Redis store at ${where}: ${(err as Error).message}`);
  }
  return client;
}

/** Reply errors that mean "not now" (failover, loading), not a bug: the command did not run. */
const NOT_NOW = /^(READONLY|MASTERDOWN|LOADING|NOREPLICAS|CLUSTERDOWN|TRYAGAIN|BUSY)\b/;

/**
 * What a failed command means for its caller: a StoreUnavailableError (unconfirmed when a
 * write may have reached the server) or the original error when it is a bug.
 */
export function classifyFailure(err: unknown, where: string, write: boolean): unknown {
  const message = (err as Error)?.message ?? String(err);
  if (NOT_NOW.test(message)) return new StoreUnavailableError(where, message.split('\n')[0]!, false);
  if (/enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE/.test(message) && !/max retries/i.test(message)) {
    return new StoreUnavailableError(where, 'not connected', false);
  }
  if (/timed out|max retries|Connection is closed/i.test(message)) return new StoreUnavailableError(where, message, write);
  return err;
}

/**
 * What the server would lose, from CONFIG GET appendonly/appendfsync: undefined when every
 * acknowledged write is on disk (AOF with appendfsync always) or waited for on `waitReplicas`
 * replicas; otherwise a warning to show loudly. A server that refuses CONFIG gets a warning too.
 */
export async function durabilityWarning(client: Redis, where: string, waitReplicas: number): Promise<string | undefined> {
  if (waitReplicas > 0) return undefined;
  let aof: string | undefined;
  let fsync: string | undefined;
  try {
    const reply = [...((await client.config('GET', 'appendonly'))), ...((await client.config('GET', 'appendfsync')))];
    aof = reply[1];
    fsync = reply[3];
  } catch (err) {
    return `could not check the durability of ${where} (CONFIG GET refused: ${(err as Error).message}); make sure it runs with appendonly yes and appendfsync always, or set store.redis.waitReplicas`;
  }
  if (aof === 'yes' && fsync === 'always') return undefined;
  return `${where} runs with appendonly ${aof ?? '?'}, appendfsync ${fsync ?? '?'}: a crash of Redis can lose writes zhiban already reported as done. Use appendonly yes + appendfsync always, or a replica with store.redis.waitReplicas: 1`;
}
