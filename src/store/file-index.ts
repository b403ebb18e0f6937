import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode, readIfExists, replaceFile } from './fs-atomic.js';
import { isPlainObject } from './guards.js';
import type { FoldedLog } from './log-reader.js';
import type { IncidentSummary, SummaryQuery } from './port.js';
import { inOpenIndex, resolvedAtOf } from './summary.js';

/** The UTC day (`YYYYMMDD`) of a time: the bucket of the resolved index. */
function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Names in `dir`, or none when it does not exist. */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return [];
    throw e;
  }
}

/**
 * The folder under `index/ids/` of the incidents whose id has the same part up to and including
 * its last '-' (`INC-20261122-001` → `_INC-20261122-`): one folder per day for zhiban's ids, so
 * numbering a day's next incident lists that day only.
 */
function idBucket(id: string): string {
  return `_${id.slice(0, id.lastIndexOf('-') + 1)}`;
}

/** Creates an empty marker file (and its folder); an existing one is left as it is. */
async function touch(path: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path, '', { flag: 'a' });
}

/**
 * The file store's derived index under `<data>/index/` (see file-store.ts for the layout):
 * `summaries/<id>.json` (a summary and how many log bytes it covers), `open/<id>` (a marker per
 * open or damaged incident) and `resolved/<YYYYMMDD>/<id>` (a marker per resolved incident, by
 * UTC day of resolution), and `ids/_<id up to its last '-'>/<id>` (a marker per incident, made
 * before its log; see idBucket). Markers are written before the append that needs them and removed
 * after, so they are a superset of the truth; readers check each against its summary (or its
 * log). Nothing here is fsynced: all of it is rebuilt from the timelines by `rebuildIndex`.
 * `v1` says the summaries and open/resolved markers are complete, `ids-v1` the id markers (a
 * folder from before them gets them from one listing of `incidents/` when opened).
 */
export class FileIndex {
  constructor(private readonly dir: string) {}

  /** Creates the folders; resolves to true when the index is complete (built by this or an earlier version). */
  async prepare(): Promise<boolean> {
    for (const sub of ['summaries', 'open', 'resolved']) await mkdir(join(this.dir, sub), { recursive: true });
    return (await namesIn(this.dir)).includes('v1');
  }

  /** Marks the index complete (after a rebuild). */
  async markBuilt(): Promise<void> {
    await mkdir(join(this.dir, 'v1'), { recursive: true });
    await this.markIdsBuilt();
  }

  /** True when every incident has its id marker (see markIdsBuilt). */
  async idsBuilt(): Promise<boolean> {
    return (await namesIn(this.dir)).includes('ids-v1');
  }

  /** Marks the id markers complete (after markId was called for every incident in `incidents/`). */
  async markIdsBuilt(): Promise<void> {
    await mkdir(join(this.dir, 'ids-v1'), { recursive: true });
  }

  /** Adds the id marker of incident `id` (before its log is created). */
  async markId(id: string): Promise<void> {
    const bucket = join(this.dir, 'ids', idBucket(id));
    await touch(join(bucket, id), bucket);
  }

  /**
   * Ids with a marker that start with `prefix` (a superset of the incidents: a crash between a
   * marker and its log leaves one behind), unsorted; lists only the folders that can hold them.
   */
  async idsStartingWith(prefix: string): Promise<string[]> {
    const ids: string[] = [];
    for (const bucket of await namesIn(join(this.dir, 'ids'))) {
      const key = bucket.slice(1);
      if (!key.startsWith(prefix) && !prefix.startsWith(key)) continue;
      for (const id of await namesIn(join(this.dir, 'ids', bucket))) if (id.startsWith(prefix)) ids.push(id);
    }
    return ids;
  }

  /** The saved summary of `id`, or undefined when there is none or it cannot be read. */
  async readSaved(id: string): Promise<FoldedLog | undefined> {
    const bytes = await readIfExists(this.summaryPath(id));
    if (bytes === undefined) return undefined;
    try {
      const saved: unknown = JSON.parse(bytes.toString('utf8'));
      if (!isPlainObject(saved) || typeof saved.bytes !== 'number' || !isPlainObject(saved.summary) || saved.summary.id !== id) return undefined;
      return { bytes: saved.bytes, summary: saved.summary as unknown as IncidentSummary };
    } catch {
      return undefined;
    }
  }

  /** Saves the summary of an incident (a timeline that is not an incident has nothing worth saving). */
  async save(id: string, folded: FoldedLog): Promise<void> {
    if (!folded.summary?.incident && !folded.summary?.damaged) return;
    await replaceFile(this.summaryPath(id), `${JSON.stringify({ bytes: folded.bytes, summary: folded.summary })}\n`);
  }

  /** Adds the markers `next` needs that `prev` did not have (before the append that makes `next` true). */
  async markBefore(prev: IncidentSummary | undefined, next: IncidentSummary): Promise<void> {
    if (inOpenIndex(next) && !(prev && inOpenIndex(prev))) await touch(this.openPath(next.id), join(this.dir, 'open'));
    const resolvedAt = resolvedAtOf(next);
    if (resolvedAt !== undefined && resolvedAt !== (prev && resolvedAtOf(prev))) {
      const bucket = join(this.dir, 'resolved', dayOf(resolvedAt));
      await touch(join(bucket, next.id), bucket);
    }
  }

  /** Removes the markers `prev` had that `next` no longer needs (after the append). */
  async unmarkAfter(prev: IncidentSummary | undefined, next: IncidentSummary): Promise<void> {
    if (!prev) return;
    if (inOpenIndex(prev) && !inOpenIndex(next)) await rm(this.openPath(next.id), { force: true });
    const before = resolvedAtOf(prev);
    if (before !== undefined && before !== resolvedAtOf(next)) await rm(join(this.dir, 'resolved', dayOf(before), next.id), { force: true });
  }

  /** Ids that may match `query`: every open marker, plus the resolved markers from the day of `resolvedSince` on. */
  async candidates(query: SummaryQuery = {}): Promise<string[]> {
    const ids = new Set(await namesIn(join(this.dir, 'open')));
    if (query.resolvedSince !== undefined) {
      const from = dayOf(query.resolvedSince);
      for (const day of await namesIn(join(this.dir, 'resolved'))) {
        if (day >= from) for (const id of await namesIn(join(this.dir, 'resolved', day))) ids.add(id);
      }
    }
    return [...ids].filter((id) => !id.includes('.tmp-'));
  }

  /** Removes every marker and saved summary (the first step of a rebuild). */
  async clear(): Promise<void> {
    for (const sub of ['open', 'resolved', 'summaries', 'ids', 'v1', 'ids-v1']) await rm(join(this.dir, sub), { recursive: true, force: true });
    await this.prepare();
  }

  private summaryPath(id: string): string {
    return join(this.dir, 'summaries', `${id}.json`);
  }

  private openPath(id: string): string {
    return join(this.dir, 'open', id);
  }
}
