import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Clock } from '../core/clock.js';
import { encodeEvent, toStoredEvent } from './event-codec.js';
import { withFileLock } from './file-lock.js';
import { errorCode, fsyncDir, readIfExists, writeFileAtomic, writeNewFile } from './fs-atomic.js';
import { assertStoreName, isPlainObject, jsonCopy } from './guards.js';
import { KeyedQueue } from './keyed-queue.js';
import { appendEvent, readLog, readTail, settleLog } from './incident-log.js';
import {
  StoreCorruptionError,
  StoreNotFoundError,
  type ClaimedTimer,
  type NewEvent,
  type Store,
  type StoredEvent,
  type StoreInfo,
  type Timer,
  type Versioned,
} from './port.js';
import { TimerTable, timerEntryProblem, type TimerEntry } from './timer-table.js';

/**
 * The embedded default store: plain files in a data folder, for one machine (one bot plus
 * one-shot `zhiban exec` processes sharing the folder). Layout under `dir`:
 *
 * - `incidents/<id>.jsonl` — the timeline, one JSON event per line, append-only; every append is
 *   one write of a whole line followed by fdatasync. `<id>.jsonl.lock` is held while writing.
 *   `<id>.jsonl.torn-<ms>` holds the bytes of a torn last line that was set aside (see below).
 * - `records/<kind>/<id>.json` — `{ id, version, value }`, replaced atomically (temp file, fsync,
 *   rename, fsync dir) under `<id>.json.lock`, which makes the compare-and-set atomic.
 * - `timers.json` — `{ timers: [...] }` with the leases, replaced atomically under `timers.json.lock`.
 *
 * Invariants: a resolved write is on disk (file and directory fsynced); seqs are 1..n without
 * gaps even with several processes appending (lock files, see file-lock.ts, plus an in-process
 * queue per incident that keeps call order); a torn last line (crash mid-write) is moved to the
 * `.torn-` file and a `store.repaired` event says so; a damaged complete line raises
 * StoreCorruptionError naming `<file>:<line>` and changes nothing.
 */
export class FileStore implements Store {
  private readonly queue = new KeyedQueue();
  private readonly knownKinds = new Set<string>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}

  /** Opens (creating if needed) the data folder `dir`. */
  static async open(opts: { dir: string; clock: Clock }): Promise<FileStore> {
    const dir = resolve(opts.dir);
    const created = await mkdir(dir, { recursive: true });
    await mkdir(join(dir, 'incidents'), { recursive: true });
    await mkdir(join(dir, 'records'), { recursive: true });
    await fsyncDir(dir);
    if (created !== undefined) await fsyncDir(dirname(created));
    return new FileStore(dir, opts.clock);
  }

  info(): StoreInfo {
    return { kind: 'file', location: this.dir };
  }

  async createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const stored = toStoredEvent(id, 1, first);
    return this.lockIncident(id, async () => {
      try {
        await writeNewFile(this.logPath(id), encodeEvent(stored));
      } catch (e) {
        if (errorCode(e) === 'EEXIST') return undefined;
        throw e;
      }
      return stored;
    });
  }

  async append(id: string, event: NewEvent): Promise<StoredEvent> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const draft = toStoredEvent(id, 1, event);
    return this.lockIncident(id, async () => {
      const tail = await readTail(this.logPath(id), id);
      if (tail === 'missing') throw new StoreNotFoundError(id);
      const last = typeof tail === 'object' ? tail.seq : (await this.settle(id)).length;
      const stored = { ...draft, seq: last + 1 };
      await appendEvent(this.logPath(id), stored);
      return stored;
    });
  }

  async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    this.checkOpen();
    assertStoreName('incident id', id);
    const events = await readLog(this.logPath(id), id);
    return events === 'torn' ? this.lockIncident(id, () => this.settle(id)) : events;
  }

  async listIncidents(prefix = ''): Promise<string[]> {
    this.checkOpen();
    const names = await readdir(join(this.dir, 'incidents'));
    return names
      .filter((n) => n.endsWith('.jsonl'))
      .map((n) => n.slice(0, -'.jsonl'.length))
      .filter((id) => id.startsWith(prefix))
      .sort();
  }

  async getRecord<T>(kind: string, id: string): Promise<Versioned<T> | undefined> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    return this.readRecord<T>(kind, id);
  }

  async putRecord<T>(kind: string, id: string, value: T, expectedVersion: number): Promise<number | undefined> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    assertStoreName('record id', id);
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) throw new RangeError('expectedVersion must be an integer >= 0');
    const stored = jsonCopy(value, 'record value');
    const file = this.recordPath(kind, id);
    return this.queue.run(`record:${kind}/${id}`, async () => {
      await this.ensureKindDir(kind);
      return withFileLock(`${file}.lock`, async () => {
        if (((await this.readRecord(kind, id))?.version ?? 0) !== expectedVersion) return undefined;
        const version = expectedVersion + 1;
        await writeFileAtomic(file, `${JSON.stringify({ id, version, value: stored }, null, 2)}\n`);
        return version;
      });
    });
  }

  async listRecords<T>(kind: string): Promise<Versioned<T>[]> {
    this.checkOpen();
    assertStoreName('record kind', kind);
    let names: string[];
    try {
      names = await readdir(join(this.dir, 'records', kind));
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return [];
      throw e;
    }
    const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
    const records = await Promise.all(ids.sort().map((id) => this.readRecord<T>(kind, id)));
    return records.filter((r): r is Versioned<T> => r !== undefined);
  }

  async scheduleTimer(timer: Timer): Promise<void> {
    this.checkOpen();
    await this.changeTimers((table) => {
      table.schedule(timer);
      return { result: undefined, changed: true };
    });
  }

  async cancelTimer(id: string): Promise<boolean> {
    this.checkOpen();
    assertStoreName('timer id', id);
    return this.changeTimers((table) => {
      const removed = table.cancel(id);
      return { result: removed, changed: removed };
    });
  }

  async claimDueTimers(now: number, owner: string, leaseMs: number, limit?: number): Promise<ClaimedTimer[]> {
    this.checkOpen();
    return this.changeTimers((table) => {
      const claimed = table.claim(now, owner, leaseMs, limit);
      return { result: claimed, changed: claimed.length > 0 };
    });
  }

  async completeTimer(id: string, owner: string): Promise<boolean> {
    this.checkOpen();
    assertStoreName('timer id', id);
    return this.changeTimers((table) => {
      const completed = table.complete(id, owner);
      return { result: completed, changed: completed };
    });
  }

  async listTimers(): Promise<Timer[]> {
    this.checkOpen();
    return (await this.loadTimers()).list();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.drain();
  }

  /** Refuses use after close. */
  private checkOpen(): void {
    if (this.closed) throw new Error(`the file store at ${this.dir} is closed`);
  }

  private logPath(id: string): string {
    return join(this.dir, 'incidents', `${id}.jsonl`);
  }

  private recordPath(kind: string, id: string): string {
    return join(this.dir, 'records', kind, `${id}.json`);
  }

  /** Settles the log of incident `id` (lock held): see settleLog; a torn line is set aside at `clock.now()`. */
  private settle(id: string): Promise<StoredEvent[]> {
    return settleLog(this.logPath(id), id, this.clock.now(), 'incidents');
  }

  /** Runs `task` after this instance's earlier tasks for incident `id`, holding its lock file. */
  private lockIncident<T>(id: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(`incident:${id}`, () => withFileLock(`${this.logPath(id)}.lock`, task));
  }

  /** Reads one record file; a file that is not a record of that id throws StoreCorruptionError. */
  private async readRecord<T>(kind: string, id: string): Promise<Versioned<T> | undefined> {
    const file = this.recordPath(kind, id);
    const bytes = await readIfExists(file);
    if (bytes === undefined) return undefined;
    let record: unknown;
    try {
      record = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new StoreCorruptionError(file, 'not valid JSON');
    }
    if (!isPlainObject(record) || record.id !== id || !('value' in record)) throw new StoreCorruptionError(file, `not a record of ${id}`);
    if (typeof record.version !== 'number' || !Number.isSafeInteger(record.version) || record.version < 1) {
      throw new StoreCorruptionError(file, 'version is not a positive integer');
    }
    return { id, value: record.value as T, version: record.version };
  }

  /** Creates `records/<kind>/` durably the first time this instance writes a record of `kind`. */
  private async ensureKindDir(kind: string): Promise<void> {
    if (this.knownKinds.has(kind)) return;
    if ((await mkdir(join(this.dir, 'records', kind), { recursive: true })) !== undefined) await fsyncDir(join(this.dir, 'records'));
    this.knownKinds.add(kind);
  }

  private get timersPath(): string {
    return join(this.dir, 'timers.json');
  }

  /** The timer table on disk; a file that does not hold one throws StoreCorruptionError. */
  private async loadTimers(): Promise<TimerTable> {
    const bytes = await readIfExists(this.timersPath);
    if (bytes === undefined) return new TimerTable();
    let file: unknown;
    try {
      file = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new StoreCorruptionError(this.timersPath, 'not valid JSON');
    }
    const entries = isPlainObject(file) ? file.timers : undefined;
    if (!Array.isArray(entries)) throw new StoreCorruptionError(this.timersPath, 'no timers list');
    const problem = entries.map(timerEntryProblem).find((p) => p !== undefined);
    if (problem !== undefined) throw new StoreCorruptionError(this.timersPath, problem);
    return new TimerTable(entries as TimerEntry[]);
  }

  /** Applies `change` to the timer table under the timers lock; writes the table back when it says it changed something. */
  private changeTimers<T>(change: (table: TimerTable) => { result: T; changed: boolean }): Promise<T> {
    return this.queue.run('timers', () =>
      withFileLock(`${this.timersPath}.lock`, async () => {
        const table = await this.loadTimers();
        const { result, changed } = change(table);
        if (changed) await writeFileAtomic(this.timersPath, `${JSON.stringify({ timers: table.toEntries() }, null, 2)}\n`);
        return result;
      }),
    );
  }
}
