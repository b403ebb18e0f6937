import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { encodeEvent, toStoredEvent } from './event-codec.js';
import type { FileIndex } from './file-index.js';
import { withFileLock } from './file-lock.js';
import { errorCode, writeNewFile } from './fs-atomic.js';
import { appendEvent, endsWithNewline, settleLog } from './incident-log.js';
import type { KeyedQueue } from './keyed-queue.js';
import { foldLog, streamLog, type FoldedLog, type LogRef } from './log-reader.js';
import {
  StoreCorruptionError,
  StoreNotFoundError,
  type IncidentSummary,
  type NewEvent,
  type RebuildReport,
  type StoredEvent,
  type StreamOptions,
  type SummaryQuery,
} from './port.js';
import { damagedSummary, foldSummary, inOpenIndex, matchesQuery } from './summary.js';

/** At most this many summaries are kept in memory per store instance. */
const CACHED_SUMMARIES = 2_000;

/**
 * The incident timelines of the file store (`incidents/<id>.jsonl`, see file-store.ts) with
 * their summaries and index (file-index.ts). Each write holds the incident's lock file and runs
 * in call order; a summary is trusted only while the number of log bytes it covers is the log's
 * size, else it is folded on from where it stopped. Names are checked by the caller.
 */
export class FileIncidents {
  private readonly summaries = new Map<string, FoldedLog>();
  /** Logs (`id@size`) whose torn tail this process failed to set aside: reads do not try again. */
  private readonly failedRepairs = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly index: FileIndex,
    private readonly queue: KeyedQueue,
  ) {}

  /** See Store.createIncident. */
  async createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    const stored = toStoredEvent(id, 1, first);
    const summary = foldSummary(undefined, stored);
    return this.lockIncident(id, async () => {
      if ((await this.logSize(id)) !== undefined) {
        // it exists: make sure its id marker does too (a rebuild or an older version may have missed it)
        await this.index.markId(id);
        return undefined;
      }
      await this.index.markId(id);
      await this.index.markBefore(undefined, summary);
      try {
        await writeNewFile(this.logPath(id), encodeEvent(stored));
      } catch (e) {
        if (errorCode(e) === 'EEXIST') return undefined;
        throw e;
      }
      await this.remember(id, { bytes: Buffer.byteLength(encodeEvent(stored)), summary }, false);
      return stored;
    });
  }

  /** See Store.append. */
  async append(id: string, event: NewEvent): Promise<StoredEvent> {
    const draft = toStoredEvent(id, 1, event);
    return this.lockIncident(id, async () => {
      let now = await this.current(id);
      if (!now) throw new StoreNotFoundError(id);
      if (now.folded.bytes < now.size) {
        await this.settle(id);
        now = (await this.current(id))!;
      }
      const prev = now.folded.summary;
      const stored = { ...draft, seq: (prev?.lastSeq ?? 0) + 1 };
      const next = foldSummary(prev, stored);
      await this.index.markBefore(prev, next);
      await appendEvent(this.logPath(id), stored);
      await this.remember(id, { bytes: now.size + Buffer.byteLength(encodeEvent(stored)), summary: next }, false);
      await this.index.unmarkAfter(prev, next).catch(() => undefined);
      return stored;
    });
  }

  /** See Store.readEvents. */
  async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    const events: StoredEvent[] = [];
    try {
      for await (const e of this.stream(id)) events.push(e);
    } catch (e) {
      if (e instanceof StoreNotFoundError) return undefined;
      throw e;
    }
    return events;
  }

  async *stream(id: string, opts: StreamOptions = {}): AsyncGenerator<StoredEvent> {
    const size = await this.logSize(id);
    if (size === undefined) throw new StoreNotFoundError(id);
    if (size > 0 && !(await endsWithNewline(this.logPath(id), size))) await this.repairOnRead(id, size);
    yield* streamLog(this.logRef(id), opts.fromSeq);
  }

  /**
   * See Store.listIncidents. With a prefix (a day's `INC-<day>-` when numbering a new incident)
   * only the matching id markers are listed and their logs checked, never the whole folder.
   */
  async listIncidents(prefix = ''): Promise<string[]> {
    if (prefix !== '') {
      const marked = await this.index.idsStartingWith(prefix);
      const exists = await Promise.all(marked.map(async (id) => (await this.logSize(id)) !== undefined));
      return marked.filter((_, i) => exists[i]).sort();
    }
    const names = await readdir(this.dir);
    return names
      .filter((n) => n.endsWith('.jsonl'))
      .map((n) => n.slice(0, -'.jsonl'.length))
      .sort();
  }

  /** Adds the id marker of every incident (a folder from before them, see FileIndex), once. */
  async indexIds(): Promise<void> {
    for (const id of await this.listIncidents()) await this.index.markId(id);
    await this.index.markIdsBuilt();
  }

  /** See Store.readSummary. */
  async readSummary(id: string): Promise<IncidentSummary | undefined> {
    try {
      const now = await this.current(id);
      return now && (now.folded.summary ?? { id, lastSeq: 0, lastAt: 0 });
    } catch (e) {
      if (e instanceof StoreNotFoundError) return undefined;
      if (e instanceof StoreCorruptionError) return damagedSummary(id, e.where, e.detail);
      throw e;
    }
  }

  /** See Store.listSummaries. */
  async listSummaries(query: SummaryQuery = {}): Promise<IncidentSummary[]> {
    const ids = (await this.index.candidates(query)).sort();
    const summaries = await Promise.all(ids.map((id) => this.readSummary(id).catch(() => undefined)));
    return summaries.filter((s): s is IncidentSummary => s !== undefined && matchesQuery(s, query));
  }

  /** See Store.rebuildIndex. */
  async rebuildIndex(): Promise<RebuildReport> {
    await this.index.clear();
    this.summaries.clear();
    const report: RebuildReport = { incidents: 0, open: 0, damaged: [] };
    const ids = await this.listIncidents();
    for (const id of ids) await this.index.markId(id);
    for (const id of ids) {
      const summary = await this.lockIncident(id, async () => {
        const size = (await this.logSize(id)) ?? 0;
        let folded: FoldedLog;
        try {
          folded = await foldLog(this.logRef(id));
        } catch (e) {
          if (!(e instanceof StoreCorruptionError)) throw e;
          folded = { bytes: size, summary: damagedSummary(id, e.where, e.detail) };
        }
        if (folded.summary) await this.index.markBefore(undefined, folded.summary);
        await this.remember(id, folded, true);
        return folded.summary;
      });
      report.incidents++;
      if (summary && inOpenIndex(summary)) report.open++;
      if (summary?.damaged) report.damaged.push(id);
    }
    await this.index.markBuilt();
    return report;
  }

  private logPath(id: string): string {
    return join(this.dir, `${id}.jsonl`);
  }

  private logRef(id: string): LogRef {
    return { id, file: this.logPath(id), shown: `incidents/${id}.jsonl` };
  }

  /** The size of the log of `id`, or undefined when it does not exist. */
  private async logSize(id: string): Promise<number | undefined> {
    try {
      return (await stat(this.logPath(id))).size;
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return undefined;
      throw e;
    }
  }

  /**
   * The log's size and its summary as of its last complete line: from memory or the index when
   * they cover the whole log, else folded on from where they stopped (from the start when that
   * fails). Undefined when the incident does not exist; a damaged line throws StoreCorruptionError.
   */
  private async current(id: string): Promise<{ size: number; folded: FoldedLog } | undefined> {
    const size = await this.logSize(id);
    if (size === undefined) return undefined;
    const cached = this.summaries.get(id);
    let base = cached ?? (await this.index.readSaved(id));
    if (base && base.bytes > size) base = undefined;
    if (base && base.bytes === size) {
      if (!cached) this.cache(id, base);
      return { size, folded: base };
    }
    let folded: FoldedLog;
    try {
      folded = await foldLog(this.logRef(id), base);
    } catch (e) {
      if (!(e instanceof StoreCorruptionError) || base === undefined) throw e;
      folded = await foldLog(this.logRef(id));
    }
    await this.remember(id, folded, false);
    return { size, folded };
  }

  /** Keeps `folded` in memory (a bounded map: cleared when full), so the next read of `id` costs a stat. */
  private cache(id: string, folded: FoldedLog): void {
    if (this.summaries.size >= CACHED_SUMMARIES) this.summaries.clear();
    this.summaries.set(id, folded);
  }

  /** Keeps `folded` in memory and in the index; `must` rethrows a failure to save it (a write path), else it is ignored. */
  private async remember(id: string, folded: FoldedLog, must: boolean): Promise<void> {
    this.cache(id, folded);
    try {
      await this.index.save(id, folded);
    } catch (e) {
      if (must) throw e;
    }
  }

  /** Settles the log of incident `id` (lock held): see settleLog; a torn line is set aside at `clock.now()`. */
  private async settle(id: string): Promise<StoredEvent[]> {
    this.summaries.delete(id);
    return settleLog(this.logPath(id), id, this.clock.now(), 'incidents');
  }

  /**
   * Sets a torn tail aside for a reader, at most once per log size in this process: when that
   * fails (a full disk) nothing is left behind and the reader gets the complete lines.
   */
  private async repairOnRead(id: string, size: number): Promise<void> {
    const key = `${id}@${size}`;
    if (this.failedRepairs.has(key)) return;
    try {
      await this.lockIncident(id, async () => {
        const now = await this.logSize(id);
        if (now !== undefined && now > 0 && !(await endsWithNewline(this.logPath(id), now))) await this.settle(id);
      });
    } catch (e) {
      if (e instanceof StoreCorruptionError || errorCode(e) === undefined) throw e;
      this.failedRepairs.add(key);
    }
  }

  /** Runs `task` after this instance's earlier tasks for incident `id`, holding its lock file. */
  private lockIncident<T>(id: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(`incident:${id}`, () => withFileLock(`${this.logPath(id)}.lock`, task));
  }
}
