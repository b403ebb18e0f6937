import type { Clock } from '../core/clock.js';
import { toStoredEvent } from './event-codec.js';
import { assertStoreName, jsonCopy } from './guards.js';
import {
  StoreNotFoundError,
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
} from './port.js';
import { checkExpectedVersion, checkExpiry, type StoredRecord } from './record-rules.js';
import { foldSummary, inOpenIndex, matchesQuery, summaryOf } from './summary.js';
import { TimerTable } from './timer-table.js';

/** The wall clock, for a memory store given none (records expire in real time). */
const WALL_CLOCK: Clock = { now: () => Date.now() };

/**
 * A store that keeps everything in this process's memory, for tests and benchmarks. It has the
 * same observable behaviour as the durable stores (same validation, same ordering, values go
 * through JSON and every result is a fresh copy) but nothing survives the process. Record
 * expiry is judged by `clock` (the wall clock unless one is given).
 */
export class MemoryStore implements Store {
  private readonly incidents = new Map<string, StoredEvent[]>();
  private readonly summaries = new Map<string, IncidentSummary>();
  private readonly openIds = new Set<string>();
  private readonly records = new Map<string, Map<string, StoredRecord>>();
  private readonly timers = new TimerTable();
  private readonly clock: Clock;
  private closed = false;

  constructor(opts: { clock?: Clock } = {}) {
    this.clock = opts.clock ?? WALL_CLOCK;
  }

  info(): StoreInfo {
    return { kind: 'memory', location: 'memory' };
  }

  async createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const stored = toStoredEvent(id, 1, first);
    if (this.incidents.has(id)) return undefined;
    this.incidents.set(id, [stored]);
    this.index(foldSummary(undefined, stored));
    return jsonCopy(stored);
  }

  async append(id: string, event: NewEvent): Promise<StoredEvent> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const events = this.incidents.get(id);
    if (!events) throw new StoreNotFoundError(id);
    const stored = toStoredEvent(id, events.length + 1, event);
    events.push(stored);
    this.index(foldSummary(this.summaries.get(id), stored));
    return jsonCopy(stored);
  }

  async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const events = this.incidents.get(id);
    return events && jsonCopy(events);
  }

  async *streamEvents(id: string, opts: StreamOptions = {}): AsyncIterable<StoredEvent> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const events = this.incidents.get(id);
    if (!events) throw new StoreNotFoundError(id);
    for (let i = Math.max(1, opts.fromSeq ?? 1) - 1; i < events.length; i++) yield jsonCopy(events[i]!);
  }

  async listIncidents(prefix = ''): Promise<string[]> {
    this.checkOpen();
    return [...this.incidents.keys()].filter((id) => id.startsWith(prefix)).sort();
  }

  async readSummary(id: string): Promise<IncidentSummary | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const summary = this.summaries.get(id);
    return summary && jsonCopy(summary);
  }

  async listSummaries(query: SummaryQuery = {}): Promise<IncidentSummary[]> {
    this.checkOpen();
    const ids = query.resolvedSince === undefined ? [...this.openIds] : [...this.summaries.keys()];
    return ids
      .sort()
      .map((id) => this.summaries.get(id)!)
      .filter((s) => matchesQuery(s, query))
      .map((s) => jsonCopy(s));
  }

  async rebuildIndex(): Promise<RebuildReport> {
    this.checkOpen();
    this.summaries.clear();
    this.openIds.clear();
    for (const events of this.incidents.values()) this.index(summaryOf(events)!);
    return { incidents: this.incidents.size, open: this.openIds.size, damaged: [] };
  }

  async getRecord<T>(kind: string, id: string): Promise<Versioned<T> | undefined> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    const record = this.live(kind, id);
    return record && (jsonCopy({ id: record.id, value: record.value, version: record.version }) as Versioned<T>);
  }

  async putRecord<T>(kind: string, id: string, value: T, expectedVersion: number, opts: PutOptions = {}): Promise<number | undefined> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    checkExpectedVersion(expectedVersion);
    checkExpiry(opts.expiresAt);
    const stored = jsonCopy(value, 'record value');
    if ((this.live(kind, id)?.version ?? 0) !== expectedVersion) return undefined;
    const version = expectedVersion + 1;
    const ofKind = this.records.get(kind) ?? new Map<string, StoredRecord>();
    ofKind.set(id, { id, value: stored, version, ...(opts.expiresAt === undefined ? {} : { expiresAt: opts.expiresAt }) });
    this.records.set(kind, ofKind);
    return version;
  }

  async deleteRecord(kind: string, id: string, expectedVersion?: number): Promise<boolean> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    if (expectedVersion !== undefined) checkExpectedVersion(expectedVersion);
    const record = this.live(kind, id);
    if (!record || (expectedVersion !== undefined && record.version !== expectedVersion)) return false;
    return this.records.get(kind)!.delete(id);
  }

  async listRecords<T>(kind: string): Promise<Versioned<T>[]> {
    const ids = await this.listRecordIds(kind);
    return ids.map((id) => this.live(kind, id)).filter((r) => r !== undefined).map((r) => jsonCopy({ id: r.id, value: r.value as T, version: r.version }));
  }

  async listRecordIds(kind: string, prefix = ''): Promise<string[]> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    const ofKind = this.records.get(kind);
    if (!ofKind) return [];
    return [...ofKind.keys()].filter((id) => id.startsWith(prefix) && this.live(kind, id)).sort();
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

  async renewTimer(id: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    this.checkOpen();
    return this.timers.renew(id, owner, now, leaseMs);
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

  /** Keeps `summary` and the open index in step with the timeline it was folded from. */
  private index(summary: IncidentSummary): void {
    this.summaries.set(summary.id, summary);
    if (inOpenIndex(summary)) this.openIds.add(summary.id);
    else this.openIds.delete(summary.id);
  }

  /** The record unless it is absent or expired; an expired one is dropped on the way (its space is freed). */
  private live(kind: string, id: string): StoredRecord | undefined {
    const ofKind = this.records.get(kind);
    const record = ofKind?.get(id);
    if (record?.expiresAt !== undefined && record.expiresAt <= this.clock.now()) {
      ofKind!.delete(id);
      return undefined;
    }
    return record;
  }

  /** Refuses use after close, as the durable stores do. */
  private checkOpen(): void {
    if (this.closed) throw new Error('the memory store is closed');
  }
}
