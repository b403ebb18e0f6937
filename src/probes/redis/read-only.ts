/** Anything that sends a raw Redis command and resolves with its reply (an ioredis client is one). */
export interface RedisCaller {
  call(command: string, ...args: Array<string | number>): Promise<unknown>;
}

/** INFO sections the probe may ask for. */
export const INFO_SECTIONS = ['server', 'memory', 'clients', 'stats', 'replication', 'keyspace'] as const;
/** Config parameters the probe may read with CONFIG GET. */
export const CONFIG_GET_NAMES = ['maxmemory', 'maxmemory-policy', 'maxclients'] as const;

/** One allowed section of INFO. */
export type InfoSection = (typeof INFO_SECTIONS)[number];
/** One config parameter CONFIG GET may read. */
export type ConfigName = (typeof CONFIG_GET_NAMES)[number];

const isOneOf = <T extends string>(list: readonly T[], v: unknown): v is T => list.includes(v as T);
const isCount = (v: unknown): boolean => /^[1-9]\d{0,5}$/.test(String(v));

/**
 * The complete list of commands a probe may send to Redis, each with a check of its arguments.
 * Everything not listed here (every write, KEYS, FLUSH*, CONFIG SET, DEBUG, …) is refused.
 */
export const REDIS_READ_ALLOWLIST: Readonly<Record<string, (args: ReadonlyArray<string | number>) => boolean>> = {
  PING: (a) => a.length === 0,
  DBSIZE: (a) => a.length === 0,
  INFO: (a) => a.length === 1 && isOneOf(INFO_SECTIONS, a[0]),
  CONFIG: (a) => a.length === 2 && String(a[0]).toUpperCase() === 'GET' && isOneOf(CONFIG_GET_NAMES, a[1]),
  SCAN: (a) =>
    a.length === 5 &&
    /^\d{1,20}$/.test(String(a[0])) &&
    String(a[1]).toUpperCase() === 'MATCH' &&
    String(a[3]).toUpperCase() === 'COUNT' &&
    isCount(a[4]),
};

/** Thrown (before anything is sent) when a command is not on the read allowlist. */
export class RedisCommandRefused extends Error {
  constructor(readonly command: string) {
    super(`refused to send "${command}" to Redis: not on the read-only allowlist`);
    this.name = 'RedisCommandRefused';
  }
}

/**
 * The only way probes talk to Redis: a gate that forwards allowlisted read commands and rejects
 * every other command without sending it, so the probe is read-only by construction.
 */
export class ReadOnlyRedis {
  constructor(private readonly conn: RedisCaller) {}

  /** Sends `command` if the allowlist accepts it with these arguments; rejects with RedisCommandRefused otherwise. */
  async send(command: string, ...args: Array<string | number>): Promise<unknown> {
    const name = command.toUpperCase();
    const check = Object.hasOwn(REDIS_READ_ALLOWLIST, name) ? REDIS_READ_ALLOWLIST[name] : undefined;
    if (!check?.(args)) throw new RedisCommandRefused(name);
    return this.conn.call(name, ...args);
  }

  /** PING; resolves with the server's answer (`PONG`). */
  async ping(): Promise<string> {
    return String(await this.send('PING'));
  }

  /** One INFO section parsed into `field → value`. */
  async info(section: InfoSection): Promise<Record<string, string>> {
    return parseInfo(String(await this.send('INFO', section)));
  }

  /** The value of one config parameter, or undefined when CONFIG is renamed, denied or the value is absent. */
  async configGet(name: ConfigName): Promise<string | undefined> {
    try {
      const reply = await this.send('CONFIG', 'GET', name);
      return Array.isArray(reply) && reply.length >= 2 ? String(reply[1]) : undefined;
    } catch (err) {
      if (err instanceof RedisCommandRefused) throw err;
      return undefined;
    }
  }

  /** Number of keys in the selected database. */
  async dbsize(): Promise<number> {
    return Number(await this.send('DBSIZE'));
  }

  /** One SCAN step: the next cursor (`'0'` when done) and the keys of this step. */
  async scan(cursor: string, pattern: string, count: number): Promise<{ cursor: string; keys: string[] }> {
    const reply = (await this.send('SCAN', cursor, 'MATCH', pattern, 'COUNT', count)) as [unknown, unknown];
    const keys = Array.isArray(reply[1]) ? reply[1].map(String) : [];
    return { cursor: String(reply[0]), keys };
  }
}

/** Parses the text of an INFO reply (`# Section` headers, `field:value` lines) into a record. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}
