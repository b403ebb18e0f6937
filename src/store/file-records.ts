import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { withFileLock } from './file-lock.js';
import { createFileExclusive, errorCode, fsyncDir, linkUnsupported, readIfExists, writeFileAtomic } from './fs-atomic.js';
import { isPlainObject, jsonCopy } from './guards.js';
import type { KeyedQueue } from './keyed-queue.js';
import { StoreCorruptionError, type PutOptions, type Versioned } from './port.js';
import { checkExpectedVersion, checkExpiry, type StoredRecord } from './record-rules.js';

/** How often, at most, one process sweeps the expired records of one kind. */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The records of the file store: `records/<kind>/<id>.json` holding `{ id, version, value,
 * expiresAt? }`, replaced atomically under `<id>.json.lock`, which makes compare-and-set atomic
 * across processes. An expired record reads as absent; writing records that expire sweeps the
 * expired ones of that kind away, at most every SWEEP_EVERY_MS per process, so dedupe claims
 * do not pile up. Names are checked by the caller.
 */
export class FileRecords {
  private readonly knownKinds = new Set<string>();
  private readonly lastSweep = new Map<string, number>();
  /** False once the folder's filesystem refused a hard link: every create then takes the lock and a rename. */
  private links = true;

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
    const record: StoredRecord = { id, version: expectedVersion + 1, value: stored, ...(opts.expiresAt === undefined ? {} : { expiresAt: opts.expiresAt }) };
    const bytes = `${JSON.stringify(record, null, 2)}\n`;
    const durable = opts.durable !== false;
    // Creating a dedupe claim that is not there needs no lock: the exclusive link decides between
    // racers. Durable creates (request ids, counters) keep the lock, so a process of an earlier
    // version, which creates under the lock with a rename, can never overwrite them.
    const created = expectedVersion === 0 && !durable ? await this.create(kind, id, bytes, durable) : 'locked';
    let version: number | undefined = created === 'locked' ? undefined : created;
    if (created === 'locked') {
      version = await this.locked(kind, id, async () => {
        const existing = await this.read(kind, id);
        if ((this.live(existing)?.version ?? 0) !== expectedVersion) return undefined;
        // An absent record is created exclusively even here, so a lock-free create that won meanwhile is never overwritten.
        if (!existing) {
          const linked = await this.link(kind, id, bytes, durable);
          if (linked !== 'no links') return linked ? record.version : undefined;
        }
        await writeFileAtomic(this.path(kind, id), bytes);
        return record.version;
      });
    }
    if (version !== undefined && opts.expiresAt !== undefined) this.maybeSweep(kind);
    return version;
  }

  /**
   * Creates a record that has no file yet, without the lock: version 1, or undefined when a live
   * record is there; 'locked' when an expired one is (replacing it takes the lock).
   */
  private async create(kind: string, id: string, bytes: string, durable: boolean): Promise<1 | undefined | 'locked'> {
    await this.ensureKindDir(kind);
    const linked = await this.link(kind, id, bytes, durable);
    if (linked === 'no links') return 'locked';
    if (linked) return 1;
    return this.live(await this.read(kind, id)) ? undefined : 'locked';
  }

  /**
   * createFileExclusive for the record: true when created, false when a file is there; 'no links'
   * when the filesystem has no hard links, after which every create takes the lock and a rename.
   */
  private async link(kind: string, id: string, bytes: string, durable: boolean): Promise<boolean | 'no links'> {
    if (!this.links) return 'no links';
    try {
      return await createFileExclusive(this.path(kind, id), bytes, durable);
    } catch (e) {
      if (!linkUnsupported(e)) throw e;
      this.links = false;
      return 'no links';
    }
  }

  /** Deletes a live record, only at `expectedVersion` when given (see Store.deleteRecord). */
  async delete(kind: string, id: string, expectedVersion?: number): Promise<boolean> {
    if (expectedVersion !== undefined) checkExpectedVersion(expectedVersion);
    return this.locked(kind, id, async () => {
      const record = this.live(await this.read(kind, id));
      if (!record || (expectedVersion !== undefined && record.version !== expectedVersion)) return false;
      await unlink(this.path(kind, id));
      await fsyncDir(join(this.dir, kind));
      return true;
    });
  }

  /** Live records of `kind` whose id starts with `prefix`, sorted by id. */
  async list<T>(kind: string, prefix = ''): Promise<Versioned<T>[]> {
    const ids = (await this.ids(kind)).filter((id) => id.startsWith(prefix));
    const records = await Promise.all(ids.map((id) => this.get<T>(kind, id)));
    return records.filter((r): r is Versioned<T> => r !== undefined);
  }

  /** Ids of every record file of `kind` (live or not), sorted. */
  async ids(kind: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(join(this.dir, kind));
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return [];
      throw e;
    }
    return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).sort();
  }

  private path(kind: string, id: string): string {
    return join(this.dir, kind, `${id}.json`);
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
    // zhiban never writes an empty record: this is a create cut short by a power failure (its link
    // reached the disk, its data did not). It reads as an expired record, so it is replaced and swept.
    if (bytes.length === 0) return { id, value: null, version: 0, expiresAt: 0 };
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

  /** Creates `records/<kind>/` durably the first time this instance writes a record of `kind`. */
  private async ensureKindDir(kind: string): Promise<void> {
    if (this.knownKinds.has(kind)) return;
    if ((await mkdir(join(this.dir, kind), { recursive: true })) !== undefined) await fsyncDir(this.dir);
    this.knownKinds.add(kind);
  }

  /** Starts a sweep of the expired records of `kind` unless this process swept it recently; close() waits for it. */
  private maybeSweep(kind: string): void {
    const now = this.clock.now();
    if (now - (this.lastSweep.get(kind) ?? Number.NEGATIVE_INFINITY) < SWEEP_EVERY_MS) return;
    this.lastSweep.set(kind, now);
    void this.queue.run(`sweep:${kind}`, async () => {
      for (const id of await this.ids(kind)) {
        const record = await this.read(kind, id).catch(() => undefined);
        if (record && !this.live(record)) await this.locked(kind, id, async () => {
          const again = await this.read(kind, id);
          if (again && !this.live(again)) await unlink(this.path(kind, id));
        });
      }
    }).catch(() => undefined);
  }
}
