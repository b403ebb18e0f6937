import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { withFileLock } from './file-lock.js';
import { expiryMarker, liveByName, MARKERS_COMPLETE, parseKindNames, RECORD_SUFFIX, type KindNames } from './file-record-names.js';
import { errorCode, fsyncDir, readIfExists, writeFileAtomic } from './fs-atomic.js';
import { isPlainObject, jsonCopy } from './guards.js';
import type { KeyedQueue } from './keyed-queue.js';
import { StoreCorruptionError, type PutOptions, type Versioned } from './port.js';
import { checkExpectedVersion, checkExpiry, type StoredRecord } from './record-rules.js';

/** How often, at most, one process sweeps the expired records of one kind. */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The records of the file store: `records/<kind>/<id>.json` holding `{ id, version, value,
 * expiresAt? }`, replaced atomically under `<id>.json.lock`, which makes compare-and-set atomic
 * across processes. A record that expires also has an empty marker `<id>.until-<expiresAt>`
 * (file-record-names.ts), made durable with the record before it and removed after it changes,
 * so listing ids needs only the folder's names: a record is opened only when one of its markers
 * has passed (it has expired, or the marker is stale from a crash). A kind folder written by an
 * earlier version (no `.markers-v1` folder in it) is scanned once to add the markers.
 * An expired record reads as absent; writing records that expire sweeps the expired ones of that
 * kind away, at most every SWEEP_EVERY_MS per process, so dedupe claims do not pile up. Names
 * are checked by the caller.
 */
export class FileRecords {
  private readonly knownKinds = new Set<string>();
  private readonly lastSweep = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly base: string,
    private readonly clock: Clock,
    private readonly queue: KeyedQueue,
  ) {}

  /** The live record, or undefined. */
  async get<T>(kind: string, id: string): Promise<Versioned<T> | undefined> {
    const record = this.live(await this.read(kind, id));
    return record && { id, value: record.value as T, version: record.version };
  }

  /** Compare-and-set (see Store.putRecord). */
  async put<T>(kind: string, id: string, value: T, expectedVersion: number, opts: PutOptions): Promise<number | undefined> {
    checkExpectedVersion(expectedVersion);
    checkExpiry(opts.expiresAt);
    const stored = jsonCopy(value, 'record value');
    const version = await this.locked(kind, id, async () => {
      const before = await this.read(kind, id);
      if ((this.live(before)?.version ?? 0) !== expectedVersion) return undefined;
      const record: StoredRecord = { id, version: expectedVersion + 1, value: stored, ...(opts.expiresAt === undefined ? {} : { expiresAt: opts.expiresAt }) };
      // The marker first: writeFileAtomic fsyncs the folder, so a durable record that expires always has its marker.
      if (opts.expiresAt !== undefined) await writeFile(this.markerPath(kind, id, opts.expiresAt), '', { flag: 'a' });
      await writeFileAtomic(this.path(kind, id), `${JSON.stringify(record, null, 2)}\n`);
      if (before?.expiresAt !== undefined && before.expiresAt !== opts.expiresAt) await this.unmark(kind, id, [before.expiresAt]);
      return record.version;
    });
    if (version !== undefined && opts.expiresAt !== undefined) this.maybeSweep(kind);
    return version;
  }

  /** Deletes a live record, only at `expectedVersion` when given (see Store.deleteRecord). */
  async delete(kind: string, id: string, expectedVersion?: number): Promise<boolean> {
    if (expectedVersion !== undefined) checkExpectedVersion(expectedVersion);
    return this.locked(kind, id, async () => {
      const record = this.live(await this.read(kind, id));
      if (!record || (expectedVersion !== undefined && record.version !== expectedVersion)) return false;
      await unlink(this.path(kind, id));
      await fsyncDir(join(this.dir, kind));
      if (record.expiresAt !== undefined) await this.unmark(kind, id, [record.expiresAt]);
      return true;
    });
  }

  /** Live records of `kind`, sorted by id. */
  async list<T>(kind: string): Promise<Versioned<T>[]> {
    const { ids } = await this.names(kind);
    const records = await Promise.all(ids.map((id) => this.get<T>(kind, id)));
    return records.filter((r): r is Versioned<T> => r !== undefined);
  }

  /**
   * Ids of the live records of `kind` starting with `prefix`, sorted, from the folder's names:
   * a record is read only when one of its expiry markers has passed.
   */
  async liveIds(kind: string, prefix = ''): Promise<string[]> {
    const { ids, expiries } = await this.names(kind);
    const now = this.clock.now();
    const live: string[] = [];
    let expired = false;
    for (const id of ids) {
      if (!id.startsWith(prefix)) continue;
      if (liveByName(expiries.get(id), now) ?? (this.live(await this.read(kind, id)) !== undefined)) live.push(id);
      else expired = true;
    }
    if (expired) this.maybeSweep(kind);
    return live;
  }

  /**
   * The names in `records/<kind>/`; a folder written by an earlier version gets the markers of
   * its expiring records first (once: every writer of this version keeps them).
   */
  private async names(kind: string): Promise<KindNames> {
    const folder = join(this.dir, kind);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return { ids: [], expiries: new Map(), complete: true };
      throw e;
    }
    const parsed = parseKindNames(names);
    if (parsed.complete) return parsed;
    for (const id of parsed.ids) {
      const record = await this.read(kind, id).catch(() => undefined);
      if (record?.expiresAt !== undefined) await writeFile(this.markerPath(kind, id, record.expiresAt), '', { flag: 'a' });
    }
    await fsyncDir(folder);
    await mkdir(join(folder, MARKERS_COMPLETE), { recursive: true });
    await fsyncDir(folder);
    return parseKindNames(await readdir(folder));
  }

  private markerPath(kind: string, id: string, expiresAt: number): string {
    return join(this.dir, kind, expiryMarker(id, expiresAt));
  }

  /** Removes expiry markers of `id` (a marker left by a crash is harmless: it only makes a listing read the record). */
  private async unmark(kind: string, id: string, expiries: readonly number[]): Promise<void> {
    for (const at of expiries) await unlink(this.markerPath(kind, id, at)).catch(() => undefined);
  }

  private path(kind: string, id: string): string {
    return join(this.dir, kind, `${id}${RECORD_SUFFIX}`);
  }

  /** Runs `task` after this instance's earlier tasks on the record, holding its lock file. */
  private locked<T>(kind: string, id: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(`record:${kind}/${id}`, async () => {
      await this.ensureKindDir(kind);
      return withFileLock(`${this.path(kind, id)}.lock`, task);
    });
  }

  private live(record: StoredRecord | undefined): StoredRecord | undefined {
    return record?.expiresAt !== undefined && record.expiresAt <= this.clock.now() ? undefined : record;
  }

  /** Reads one record file; a file that is not a record of that id throws StoreCorruptionError. */
  private async read(kind: string, id: string): Promise<StoredRecord | undefined> {
    const file = this.path(kind, id);
    const bytes = await readIfExists(file);
    if (bytes === undefined) return undefined;
    const shown = `${this.base}/${kind}/${id}.json`;
    let record: unknown;
    try {
      record = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new StoreCorruptionError(file, 'not valid JSON', shown);
    }
    if (!isPlainObject(record) || record.id !== id || !('value' in record)) throw new StoreCorruptionError(file, `not a record of ${id}`, shown);
    if (typeof record.version !== 'number' || !Number.isSafeInteger(record.version) || record.version < 1) {
      throw new StoreCorruptionError(file, 'version is not a positive integer', shown);
    }
    const expiresAt = typeof record.expiresAt === 'number' ? { expiresAt: record.expiresAt } : {};
    return { id, value: record.value, version: record.version, ...expiresAt };
  }

  /** Creates `records/<kind>/` durably (with its markers complete) the first time this instance writes a record of `kind`. */
  private async ensureKindDir(kind: string): Promise<void> {
    if (this.knownKinds.has(kind)) return;
    if ((await mkdir(join(this.dir, kind), { recursive: true })) !== undefined) {
      await mkdir(join(this.dir, kind, MARKERS_COMPLETE), { recursive: true });
      await fsyncDir(join(this.dir, kind));
      await fsyncDir(this.dir);
    }
    this.knownKinds.add(kind);
  }

  /** Starts a sweep of the expired records of `kind` unless this process swept it recently; close() waits for it. */
  private maybeSweep(kind: string): void {
    const now = this.clock.now();
    if (now - (this.lastSweep.get(kind) ?? Number.NEGATIVE_INFINITY) < SWEEP_EVERY_MS) return;
    this.lastSweep.set(kind, now);
    void this.queue.run(`sweep:${kind}`, async () => {
      const { ids, expiries } = await this.names(kind);
      const recorded = new Set(ids);
      for (const [id, markers] of expiries) {
        if (recorded.has(id) && markers.length === 1 && liveByName(markers, now)) continue;
        await this.locked(kind, id, async () => {
          const record = await this.read(kind, id).catch(() => undefined);
          const keep = record && this.live(record) ? record.expiresAt : undefined;
          if (record && keep === undefined && record.expiresAt !== undefined) {
            await unlink(this.path(kind, id));
            await fsyncDir(join(this.dir, kind));
          }
          await this.unmark(kind, id, markers.filter((at) => at !== keep));
        });
      }
    }).catch(() => undefined);
  }
}
