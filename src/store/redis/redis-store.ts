import { silentLogger, type Logger } from '../../core/logger.js';
import { assertStoreName, jsonCopy } from '../guards.js';
import {
  StoreCorruptionError,
  type ClaimedTimer,
  type IncidentSummary,
  type NewEvent,
  type PutOptions,
  type RebuildReport,
  type Store,
  type StoredEvent,
  type StoreInfo,
  type StreamOptions,
  type SummaryQuery,
  type Timer,
  type Versioned,
} from '../port.js';
import { checkExpectedVersion, checkExpiry } from '../record-rules.js';
import { timerEntryProblem } from '../timer-table.js';
import { connectRedis, describeTarget, durabilityWarning, type RedisTarget } from './connection.js';
import { RedisKeys } from './keys.js';
import { RedisIncidents } from './redis-incidents.js';
import { defineScripts, RedisIo } from './redis-io.js';
import { keySizes, recordKinds, type KeyGroup } from './stats.js';

/** Options of RedisStore.open. */
export interface RedisStoreOptions extends RedisTarget {
  /** Every key starts with it (default `zhiban:`). */
  prefix?: string;
  /** After each write, WAIT until this many replicas have it (0: rely on the server's AOF). */
  waitReplicas?: number;
  logger?: Logger;
}

/**
 * The Store port on one Redis server (or a Sentinel-managed primary), shared by any number of
 * zhiban replicas. Every check-then-write is one Lua script, so seqs never repeat or skip,
 * an incident is created once, a record changes only from the version its writer read, and a
 * due timer is leased to one replica at a time. A resolved write is on the server (and, with
 * `waitReplicas`, on that many replicas); Redis down answers StoreUnavailableError within the
 * timeout, and the client reconnects by itself. Records expire by the server's clock.
 */
export class RedisStore implements Store {
  private readonly incidents: RedisIncidents;

  private constructor(private readonly io: RedisIo) {
    this.incidents = new RedisIncidents(io);
  }

  /** Connects (throwing StoreStartError when Redis cannot be reached) and warns when acknowledged writes could be lost. */
  static async open(opts: RedisStoreOptions): Promise<RedisStore> {
    const logger = opts.logger ?? silentLogger;
    const where = describeTarget(opts);
    const client = defineScripts(await connectRedis(opts, logger));
    const io = new RedisIo(client, new RedisKeys(opts.prefix ?? 'zhiban:'), where, opts.waitReplicas ?? 0, opts.timeoutMs);
    const warning = await durabilityWarning(client, where, opts.waitReplicas ?? 0);
    if (warning) logger.warn(`DURABILITY WARNING: ${warning}`, { store: where });
    return new RedisStore(io);
  }

  info(): StoreInfo {
    return { kind: 'redis', location: this.io.where };
  }

  createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    return this.incidents.create(id, first);
  }
  append(id: string, event: NewEvent): Promise<StoredEvent> {
    return this.incidents.append(id, event);
  }
  readEvents(id: string): Promise<StoredEvent[] | undefined> {
    return this.incidents.readEvents(id);
  }
  streamEvents(id: string, opts?: StreamOptions): AsyncIterable<StoredEvent> {
    return this.incidents.stream(id, opts);
  }
  listIncidents(prefix = ''): Promise<string[]> {
    return this.incidents.list(prefix);
  }
  readSummary(id: string): Promise<IncidentSummary | undefined> {
    return this.incidents.readSummary(id);
  }
  listSummaries(query?: SummaryQuery): Promise<IncidentSummary[]> {
    return this.incidents.listSummaries(query);
  }
  rebuildIndex(): Promise<RebuildReport> {
    return this.incidents.rebuild();
  }

  async getRecord<T>(kind: string, id: string): Promise<Versioned<T> | undefined> {
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    const [v, d] = await this.io.read(() => this.io.client.hmget(this.io.keys.record(kind, id), 'v', 'd'));
    if (v === null || v === undefined) return undefined;
    return this.decodeRecord<T>(kind, id, v, d ?? null);
  }

  async putRecord<T>(kind: string, id: string, value: T, expectedVersion: number, opts: PutOptions = {}): Promise<number | undefined> {
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    checkExpectedVersion(expectedVersion);
    checkExpiry(opts.expiresAt);
    const json = JSON.stringify(jsonCopy(value, 'record value'));
    const k = this.io.keys;
    const expires = opts.expiresAt === undefined ? '' : String(Math.ceil(opts.expiresAt));
    const version = await this.io.write(() => this.io.client.zbPut(k.record(kind, id), k.recordIndex(kind), id, expectedVersion, json, expires));
    return version === 0 ? undefined : version;
  }

  async deleteRecord(kind: string, id: string, expectedVersion?: number): Promise<boolean> {
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    if (expectedVersion !== undefined) checkExpectedVersion(expectedVersion);
    const k = this.io.keys;
    const expected = expectedVersion === undefined ? '' : String(expectedVersion);
    return (await this.io.write(() => this.io.client.zbDelete(k.record(kind, id), k.recordIndex(kind), id, expected))) === 1;
  }

  async listRecords<T>(kind: string): Promise<Versioned<T>[]> {
    assertStoreName('record kind', kind);
    const k = this.io.keys;
    const flat = await this.io.read(() => this.io.client.zbList(k.recordIndex(kind), k.recordPrefix(kind), '1', ''));
    const out: Versioned<T>[] = [];
    for (let i = 0; i < flat.length; i += 3) out.push(this.decodeRecord<T>(kind, flat[i]!, flat[i + 1]!, flat[i + 2]!));
    return out;
  }

  async listRecordIds(kind: string, prefix = ''): Promise<string[]> {
    assertStoreName('record kind', kind);
    const k = this.io.keys;
    return this.io.read(() => this.io.client.zbList(k.recordIndex(kind), k.recordPrefix(kind), '0', prefix));
  }

  async scheduleTimer(timer: Timer): Promise<void> {
    assertStoreName('timer id', timer.id);
    const entry = jsonCopy({ id: timer.id, dueAt: timer.dueAt, kind: timer.kind, payload: timer.payload }, 'timer');
    const problem = timerEntryProblem(entry);
    if (problem !== undefined) throw new TypeError(`timer cannot be stored: ${problem}`);
    await this.io.write(() => this.io.client.zbSchedule(...this.io.keys.timers(), entry.id, String(entry.dueAt), JSON.stringify(entry)));
  }

  async cancelTimer(id: string): Promise<boolean> {
    assertStoreName('timer id', id);
    return (await this.io.write(() => this.io.client.zbCancel(...this.io.keys.timers(), id))) === 1;
  }

  async claimDueTimers(now: number, owner: string, leaseMs: number, limit = 2 ** 31): Promise<ClaimedTimer[]> {
    if (!(leaseMs > 0) || !Number.isFinite(now)) throw new RangeError('claimDueTimers needs a finite now and a positive leaseMs');
    if (limit <= 0) return [];
    const leaseUntil = now + leaseMs;
    const flat = await this.io.write(() => this.io.client.zbClaim(...this.io.keys.timers(), String(now), owner, String(leaseUntil), Math.min(limit, 2 ** 31)));
    const out: ClaimedTimer[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ ...this.decodeTimer(flat[i]!, flat[i + 1]!), owner, leaseUntil });
    return out;
  }

  async renewTimer(id: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    assertStoreName('timer id', id);
    if (!(leaseMs > 0) || !Number.isFinite(now)) throw new RangeError('renewTimer needs a finite now and a positive leaseMs');
    return (await this.io.write(() => this.io.client.zbRenew(...this.io.keys.timers(), id, owner, String(now), String(now + leaseMs)))) === 1;
  }

  async completeTimer(id: string, owner: string): Promise<boolean> {
    assertStoreName('timer id', id);
    return (await this.io.write(() => this.io.client.zbComplete(...this.io.keys.timers(), id, owner))) === 1;
  }

  async listTimers(): Promise<Timer[]> {
    const [hash, due] = this.io.keys.timers();
    const ids = await this.io.read(() => this.io.client.zrange(due, '0', '-1'));
    if (ids.length === 0) return [];
    const values = await this.io.read(() => this.io.client.hmget(hash, ...ids));
    return ids.flatMap((id, i) => (values[i] ? [this.decodeTimer(id, values[i])] : []));
  }

  /** The record kinds in the store (for `zhiban store copy`). */
  async listRecordKinds(): Promise<string[]> {
    return this.io.read(() => recordKinds(this.io.client, this.io.keys.prefix));
  }

  /** Keys and bytes per group, from SCAN and MEMORY USAGE (for `zhiban store stats`). */
  async sizes(): Promise<KeyGroup[]> {
    return this.io.read(() => keySizes(this.io.client, this.io.keys.prefix));
  }

  async close(): Promise<void> {
    const { client } = this.io;
    if (client.status === 'end') return;
    await client.quit().catch(() => client.disconnect());
  }

  private decodeRecord<T>(kind: string, id: string, v: string, d: string | null): Versioned<T> {
    const version = Number(v);
    try {
      if (!Number.isSafeInteger(version) || version < 1 || d === null) throw new Error('bad version');
      return { id, value: JSON.parse(d) as T, version };
    } catch {
      const where = this.io.keys.record(kind, id);
      throw new StoreCorruptionError(`${this.io.where} ${where}`, 'record is not a version and a JSON value', where);
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
    const where = `${this.io.keys.timers()[0]} ${id}`;
    if (problem !== undefined) throw new StoreCorruptionError(`${this.io.where} ${where}`, problem, where);
    const { dueAt, kind, payload } = entry as Timer;
    return { id, dueAt, kind, payload };
  }
}
