import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Clock } from '../core/clock.js';
import { FileIncidents } from './file-incidents.js';
import { FileIndex } from './file-index.js';
import { FileRecords } from './file-records.js';
import { FileTimers } from './file-timers.js';
import { fsyncDir } from './fs-atomic.js';
import { assertStoreName } from './guards.js';
import { KeyedQueue } from './keyed-queue.js';
import type {
  ClaimedTimer,
  IncidentSummary,
  NewEvent,
  PutOptions,
  RebuildReport,
  Store,
  StoredEvent,
  StoreInfo,
  StreamOptions,
  SummaryQuery,
  Timer,
  Versioned,
} from './port.js';

/**
 * The embedded default store: plain files in a data folder, for one machine (one bot plus
 * one-shot `zhiban exec` processes sharing the folder). Layout under `dir`:
 *
 * - `incidents/<id>.jsonl` — the timeline, one JSON event per line, append-only; every append is
 *   one write of a whole line followed by fdatasync (a failed or short write is cut back off).
 *   `<id>.jsonl.lock` is held while writing. `<id>.jsonl.torn-<ms>` holds the bytes of a torn
 *   last line that was set aside (see below).
 * - `index/` — derived data (see file-index.ts): each incident's summary with the number of log
 *   bytes it covers, and markers of the open and the resolved incidents. A summary whose byte
 *   count differs from its log is refolded from where it stopped, so it never disagrees with the
 *   timeline; `rebuildIndex` recomputes it all (also done once for a folder without an index).
 *   Ids are marked by day too, so a new incident is numbered without listing every incident
 *   (a folder from an earlier version gets those markers from one directory listing when opened).
 * - `records/<kind>/<id>.json` — see file-records.ts.
 * - `timers.json` — see file-timers.ts.
 *
 * Invariants: a resolved write is on disk (file and directory fsynced); seqs are 1..n without
 * gaps even with several processes appending (lock files, see file-lock.ts, plus an in-process
 * queue per incident that keeps call order); a torn last line (crash mid-write) is moved to the
 * `.torn-` file and a `store.repaired` event says so — once: a read whose repair fails (a full
 * disk) leaves no file behind and reads the complete lines; a damaged complete line raises
 * StoreCorruptionError naming `<file>:<line>`, changes nothing and affects only its incident.
 */
export class FileStore implements Store {
  private readonly queue = new KeyedQueue();
  private readonly records: FileRecords;
  private readonly index: FileIndex;
  private readonly timers: FileTimers;
  private readonly incidents: FileIncidents;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {
    this.records = new FileRecords(join(dir, 'records'), 'records', clock, this.queue);
    this.index = new FileIndex(join(dir, 'index'));
    this.timers = new FileTimers(join(dir, 'timers.json'), this.queue);
    this.incidents = new FileIncidents(join(dir, 'incidents'), clock, this.index, this.queue);
  }

  /** Opens (creating if needed) the data folder `dir`; builds the index (or the missing id markers) of a folder that has none. */
  static async open(opts: { dir: string; clock: Clock }): Promise<FileStore> {
    const dir = resolve(opts.dir);
    const created = await mkdir(dir, { recursive: true });
    await mkdir(join(dir, 'incidents'), { recursive: true });
    await mkdir(join(dir, 'records'), { recursive: true });
    await fsyncDir(dir);
    if (created !== undefined) await fsyncDir(dirname(created));
    const store = new FileStore(dir, opts.clock);
    if (!(await store.index.prepare())) await store.incidents.rebuildIndex();
    else if (!(await store.index.idsBuilt())) await store.incidents.indexIds();
    return store;
  }

  info(): StoreInfo {
    return { kind: 'file', location: this.dir };
  }

  async createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    return this.incidents.createIncident(id, first);
  }

  async append(id: string, event: NewEvent): Promise<StoredEvent> {
    this.checkOpen();
    assertStoreName('incident id', id);
    return this.incidents.append(id, event);
  }

  async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    return this.incidents.readEvents(id);
  }

  async *streamEvents(id: string, opts: StreamOptions = {}): AsyncIterable<StoredEvent> {
    this.checkOpen();
    assertStoreName('incident id', id);
    yield* this.incidents.stream(id, opts);
  }

  async listIncidents(prefix = ''): Promise<string[]> {
    this.checkOpen();
    return this.incidents.listIncidents(prefix);
  }

  async readSummary(id: string): Promise<IncidentSummary | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    return this.incidents.readSummary(id);
  }

  async listSummaries(query: SummaryQuery = {}): Promise<IncidentSummary[]> {
    this.checkOpen();
    return this.incidents.listSummaries(query);
  }

  async rebuildIndex(): Promise<RebuildReport> {
    this.checkOpen();
    return this.incidents.rebuildIndex();
  }

  async getRecord<T>(kind: string, id: string): Promise<Versioned<T> | undefined> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    return this.records.get<T>(kind, id);
  }

  async putRecord<T>(kind: string, id: string, value: T, expectedVersion: number, opts: PutOptions = {}): Promise<number | undefined> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    return this.records.put(kind, id, value, expectedVersion, opts);
  }

  async deleteRecord(kind: string, id: string, expectedVersion?: number): Promise<boolean> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    return this.records.delete(kind, id, expectedVersion);
  }

  async listRecords<T>(kind: string): Promise<Versioned<T>[]> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    return this.records.list<T>(kind);
  }

  async listRecordIds(kind: string, prefix = ''): Promise<string[]> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    return (await this.records.list(kind, prefix)).map((r) => r.id);
  }

  async scheduleTimer(timer: Timer): Promise<void> {
    this.checkOpen();
    await this.timers.schedule(timer);
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
    await this.queue.drain();
  }

  /** Refuses use after close. */
  private checkOpen(): void {
    if (this.closed) throw new Error(`the file store at ${this.dir} is closed`);
  }
}
