import type { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../../core/logger.js';
import { decodeEvent, toStoredEvent } from '../event-codec.js';
import { assertStoreName, jsonCopy } from '../guards.js';
import {
  StoreCorruptionError,
  StoreNotFoundError,
  StoreUnavailableError,
  type ClaimedTimer,
  type NewEvent,
  type Store,
  type StoredEvent,
  type StoreInfo,
  type Timer,
  type Versioned,
} from '../port.js';
import { timerEntryProblem } from '../timer-table.js';
import { classifyFailure, connectRedis, describeTarget, durabilityWarning, type RedisTarget } from './connection.js';
import { RedisKeys } from './keys.js';
import * as lua from './scripts.js';
import { keySizes, recordKinds, type KeyGroup } from './stats.js';

/** Options of RedisStore.open. */
export interface RedisStoreOptions extends RedisTarget {
  /** Every key starts with it (default `zhiban:`). */
  prefix?: string;
  /** After each write, WAIT until this many replicas have it (0: rely on the server's AOF). */
  waitReplicas?: number;
  logger?: Logger;
}

/** The store's Lua scripts as ioredis commands. */
interface ScriptClient {
  zbCreate(k1: string, k2: string, id: string, json: string): Promise<number>;
  zbAppend(k1: string, json: string): Promise<number>;
  zbPut(k1: string, k2: string, id: string, expected: number, json: string): Promise<number>;
  zbList(k1: string, prefix: string): Promise<string[]>;
  zbSchedule(k1: string, k2: string, k3: string, id: string, dueAt: string, json: string): Promise<number>;
  zbCancel(k1: string, k2: string, k3: string, id: string): Promise<number>;
  zbClaim(k1: string, k2: string, k3: string, now: string, owner: string, until: string, limit: number): Promise<string[]>;
  zbComplete(k1: string, k2: string, k3: string, id: string, owner: string): Promise<number>;
}

/** The JSON of a stored event without its seq (the append script puts the seq in front). */
function withoutSeq(event: StoredEvent): string {
  const { seq: _seq, ...rest } = event;
  return JSON.stringify(rest);
}

/**
 * The Store port on one Redis server (or a Sentinel-managed primary), shared by any number of
 * zhiban replicas. Every check-then-write is one Lua script, so seqs never repeat or skip,
 * an incident is created once, a record changes only from the version its writer read, and a
 * due timer is leased to one replica at a time. A resolved write is on the server (and, with
 * `waitReplicas`, on that many replicas); Redis down answers StoreUnavailableError within the
 * timeout, and the client reconnects by itself.
 */
export class RedisStore implements Store {
  private readonly keys: RedisKeys;
  private readonly where: string;

  private constructor(
    private readonly client: Redis & ScriptClient,
    private readonly opts: RedisStoreOptions,
  ) {
    this.keys = new RedisKeys(opts.prefix ?? 'zhiban:');
    this.where = describeTarget(opts);
  }

  /** Connects (throwing StoreStartError when Redis cannot be reached) and warns when acknowledged writes could be lost. */
  static async open(opts: RedisStoreOptions): Promise<RedisStore> {
    const logger = opts.logger ?? silentLogger;
    const client = await connectRedis(opts, logger);
    const scripts: [string, number, string][] = [
      ['zbCreate', 2, lua.CREATE_INCIDENT],
      ['zbAppend', 1, lua.APPEND_EVENT],
      ['zbPut', 2, lua.PUT_RECORD],
      ['zbList', 1, lua.LIST_RECORDS],
      ['zbSchedule', 3, lua.SCHEDULE_TIMER],
      ['zbCancel', 3, lua.CANCEL_TIMER],
      ['zbClaim', 3, lua.CLAIM_TIMERS],
      ['zbComplete', 3, lua.COMPLETE_TIMER],
    ];
    for (const [name, numberOfKeys, lua] of scripts) client.defineCommand(name, { numberOfKeys, lua });
    const store = new RedisStore(client as Redis & ScriptClient, opts);
    const warning = await durabilityWarning(client, store.where, opts.waitReplicas ?? 0);
    if (warning) logger.warn(`DURABILITY WARNING: ${warning}`, { store: store.where });
    return store;
  }

  info(): StoreInfo {
    return { kind: 'redis', location: this.where };
  }

  async createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    assertStoreName('incident id', id);
    const stored = toStoredEvent(id, 1, first);
    const created = await this.write(() => this.client.zbCreate(this.keys.events(id), this.keys.incidents(), id, withoutSeq(stored)));
    return created === 1 ? stored : undefined;
  }

  async append(id: string, event: NewEvent): Promise<StoredEvent> {
    assertStoreName('incident id', id);
    const draft = toStoredEvent(id, 1, event);
    const seq = await this.write(() => this.client.zbAppend(this.keys.events(id), withoutSeq(draft)));
    if (seq === 0) throw new StoreNotFoundError(id);
    return { ...draft, seq };
  }

  async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    assertStoreName('incident id', id);
    const lines = await this.read(() => this.client.lrange(this.keys.events(id), 0, -1));
    if (lines.length === 0) return undefined;
    return lines.map((line, i) => {
      const event = decodeEvent(line, id, i + 1);
      if (typeof event === 'string') throw new StoreCorruptionError(`${this.where} ${this.keys.events(id)}[${i}]`, event);
      return event;
    });
  }

  async listIncidents(prefix = ''): Promise<string[]> {
    const key = this.keys.incidents();
    if (prefix === '') return this.read(() => this.client.zrange(key, '0', '-1'));
    const max = Buffer.concat([Buffer.from(`(${prefix}`), Buffer.from([0xff])]);
    return this.read(() => this.client.zrangebylex(key, `[${prefix}`, max));
  }

  async getRecord<T>(kind: string, id: string): Promise<Versioned<T> | undefined> {
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    const [v, d] = await this.read(() => this.client.hmget(this.keys.record(kind, id), 'v', 'd'));
    if (v === null || v === undefined) return undefined;
    return this.decodeRecord<T>(kind, id, v, d ?? null);
  }

  async putRecord<T>(kind: string, id: string, value: T, expectedVersion: number): Promise<number | undefined> {
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) throw new RangeError('expectedVersion must be an integer >= 0');
    const json = JSON.stringify(jsonCopy(value, 'record value'));
    const version = await this.write(() => this.client.zbPut(this.keys.record(kind, id), this.keys.recordIndex(kind), id, expectedVersion, json));
    return version === 0 ? undefined : version;
  }

  async listRecords<T>(kind: string): Promise<Versioned<T>[]> {
    assertStoreName('record kind', kind);
    const flat = await this.read(() => this.client.zbList(this.keys.recordIndex(kind), this.keys.recordPrefix(kind)));
    const out: Versioned<T>[] = [];
    for (let i = 0; i < flat.length; i += 3) out.push(this.decodeRecord<T>(kind, flat[i]!, flat[i + 1]!, flat[i + 2]!));
    return out;
  }

  async scheduleTimer(timer: Timer): Promise<void> {
    assertStoreName('timer id', timer.id);
    const entry = jsonCopy({ id: timer.id, dueAt: timer.dueAt, kind: timer.kind, payload: timer.payload }, 'timer');
    const problem = timerEntryProblem(entry);
    if (problem !== undefined) throw new TypeError(`timer cannot be stored: ${problem}`);
    await this.write(() => this.client.zbSchedule(...this.keys.timers(), entry.id, String(entry.dueAt), JSON.stringify(entry)));
  }

  async cancelTimer(id: string): Promise<boolean> {
    assertStoreName('timer id', id);
    return (await this.write(() => this.client.zbCancel(...this.keys.timers(), id))) === 1;
  }

  async claimDueTimers(now: number, owner: string, leaseMs: number, limit = 2 ** 31): Promise<ClaimedTimer[]> {
    if (!(leaseMs > 0) || !Number.isFinite(now)) throw new RangeError('claimDueTimers needs a finite now and a positive leaseMs');
    if (limit <= 0) return [];
    const leaseUntil = now + leaseMs;
    const flat = await this.write(() => this.client.zbClaim(...this.keys.timers(), String(now), owner, String(leaseUntil), Math.min(limit, 2 ** 31)));
    const out: ClaimedTimer[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ ...this.decodeTimer(flat[i]!, flat[i + 1]!), owner, leaseUntil });
    return out;
  }

  async completeTimer(id: string, owner: string): Promise<boolean> {
    assertStoreName('timer id', id);
    return (await this.write(() => this.client.zbComplete(...this.keys.timers(), id, owner))) === 1;
  }

  async listTimers(): Promise<Timer[]> {
    const [hash, due] = this.keys.timers();
    const ids = await this.read(() => this.client.zrange(due, '0', '-1'));
    if (ids.length === 0) return [];
    const values = await this.read(() => this.client.hmget(hash, ...ids));
    return ids.flatMap((id, i) => (values[i] ? [this.decodeTimer(id, values[i])] : []));
  }

  /** The record kinds in the store (for `zhiban store copy`). */
  async listRecordKinds(): Promise<string[]> {
    return this.read(() => recordKinds(this.client, this.keys.prefix));
  }

  /** Keys and bytes per group, from SCAN and MEMORY USAGE (for `zhiban store stats`). */
  async sizes(): Promise<KeyGroup[]> {
    return this.read(() => keySizes(this.client, this.keys.prefix));
  }

  async close(): Promise<void> {
    if (this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }

  /** Runs a read, turning "Redis is not there" into StoreUnavailableError. */
  private async read<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw classifyFailure(err, this.where, false);
    }
  }

  /** Runs a write, then (with waitReplicas) waits until enough replicas have it. */
  private async write<T>(op: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await op();
    } catch (err) {
      throw classifyFailure(err, this.where, true);
    }
    const want = this.opts.waitReplicas ?? 0;
    if (want > 0) {
      const got = await this.client.wait(want, Math.max(100, this.opts.timeoutMs - 500)).catch((err: unknown) => {
        throw classifyFailure(err, this.where, true);
      });
      if (got < want) throw new StoreUnavailableError(this.where, `written, but only ${got} of ${want} replicas confirmed it in time`, true);
    }
    return result;
  }

  private decodeRecord<T>(kind: string, id: string, v: string, d: string | null): Versioned<T> {
    const version = Number(v);
    try {
      if (!Number.isSafeInteger(version) || version < 1 || d === null) throw new Error('bad version');
      return { id, value: JSON.parse(d) as T, version };
    } catch {
      throw new StoreCorruptionError(`${this.where} ${this.keys.record(kind, id)}`, 'record is not a version and a JSON value');
    }
  }

  private decodeTimer(id: string, json: string): Timer {
    let entry: unknown;
    try {
      entry = JSON.parse(json);
    } catch {
      entry = undefined;
    }
    const problem = timerEntryProblem(entry);
    if (problem !== undefined) throw new StoreCorruptionError(`${this.where} ${this.keys.timers()[0]} ${id}`, problem);
    const { dueAt, kind, payload } = entry as Timer;
    return { id, dueAt, kind, payload };
  }
}
