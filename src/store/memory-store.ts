import { toStoredEvent } from './event-codec.js';
import { assertStoreName, jsonCopy } from './guards.js';
import {
  StoreNotFoundError,
  type ClaimedTimer,
  type NewEvent,
  type Store,
  type StoredEvent,
  type StoreInfo,
  type Timer,
  type Versioned,
} from './port.js';
import { TimerTable } from './timer-table.js';

/**
 * A store that keeps everything in this process's memory, for tests and benchmarks. It has the
 * same observable behaviour as the durable stores (same validation, same ordering, values go
 * through JSON and every result is a fresh copy) but nothing survives the process.
 */
export class MemoryStore implements Store {
  private readonly incidents = new Map<string, StoredEvent[]>();
  private readonly records = new Map<string, Map<string, Versioned<unknown>>>();
  private readonly timers = new TimerTable();
  private closed = false;

  info(): StoreInfo {
    return { kind: 'memory', location: 'memory' };
  }

  async createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const stored = toStoredEvent(id, 1, first);
    if (this.incidents.has(id)) return undefined;
    this.incidents.set(id, [stored]);
    return jsonCopy(stored);
  }

  async append(id: string, event: NewEvent): Promise<StoredEvent> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const events = this.incidents.get(id);
    if (!events) throw new StoreNotFoundError(id);
    const stored = toStoredEvent(id, events.length + 1, event);
    events.push(stored);
    return jsonCopy(stored);
  }

  async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const events = this.incidents.get(id);
    return events && jsonCopy(events);
  }

  async listIncidents(prefix = ''): Promise<string[]> {
    this.checkOpen();
    return [...this.incidents.keys()].filter((id) => id.startsWith(prefix)).sort();
  }

  async getRecord<T>(kind: string, id: string): Promise<Versioned<T> | undefined> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    const record = this.records.get(kind)?.get(id);
    return record && (jsonCopy(record) as Versioned<T>);
  }

  async putRecord<T>(kind: string, id: string, value: T, expectedVersion: number): Promise<number | undefined> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) throw new RangeError('expectedVersion must be an integer >= 0');
    const stored = jsonCopy(value, 'record value');
    const ofKind = this.records.get(kind) ?? new Map<string, Versioned<unknown>>();
    if ((ofKind.get(id)?.version ?? 0) !== expectedVersion) return undefined;
    const version = expectedVersion + 1;
    ofKind.set(id, { id, value: stored, version });
    this.records.set(kind, ofKind);
    return version;
  }

  async listRecords<T>(kind: string): Promise<Versioned<T>[]> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    const ofKind = this.records.get(kind);
    if (!ofKind) return [];
    return [...ofKind.keys()].sort().map((id) => jsonCopy(ofKind.get(id)) as Versioned<T>);
  }

  async scheduleTimer(timer: Timer): Promise<void> {
    this.checkOpen();
    this.timers.schedule(timer);
  }

  async cancelTimer(id: string): Promise<boolean> {
    this.checkOpen();
    return this.timers.cancel(id);
  }

  async claimDueTimers(now: number, owner: string, leaseMs: number, limit?: number): Promise<ClaimedTimer[]> {
    this.checkOpen();
    return this.timers.claim(now, owner, leaseMs, limit);
  }

  async completeTimer(id: string, owner: string): Promise<boolean> {
    this.checkOpen();
    return this.timers.complete(id, owner);
  }

  async listTimers(): Promise<Timer[]> {
    this.checkOpen();
    return this.timers.list();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Refuses use after close, as the durable stores do. */
  private checkOpen(): void {
    if (this.closed) throw new Error('the memory store is closed');
  }
}
