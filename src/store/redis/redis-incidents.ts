import { decodeEvent, toStoredEvent } from '../event-codec.js';
import { assertStoreName } from '../guards.js';
import { KeyedQueue } from '../keyed-queue.js';
import {
  StoreCorruptionError,
  StoreNotFoundError,
  type IncidentSummary,
  type NewEvent,
  type RebuildReport,
  type StoredEvent,
  type StreamOptions,
  type SummaryQuery,
} from '../port.js';
import { damagedSummary, foldSummary, inOpenIndex, matchesQuery, resolvedAtOf } from '../summary.js';
import type { RedisIo } from './redis-io.js';

/** Events read per LRANGE when streaming or folding a timeline. */
const CHUNK = 500;

/** The index arguments of a summary: [open '1'|'0', resolvedAt or '']. */
function indexArgs(s: IncidentSummary): [string, string] {
  return [inOpenIndex(s) ? '1' : '0', String(resolvedAtOf(s) ?? '')];
}

/**
 * The incident half of the Redis store: one List of event JSON per incident (its length is the
 * seq counter), a summary beside it and the open/resolved indexes, all changed by one script per
 * create or append. An append folds the summary in Node (the shared foldSummary) and commits it
 * only if the timeline still has the length it was folded from, retrying otherwise; appends of
 * one process are queued per incident so they keep call order.
 */
export class RedisIncidents {
  private readonly queue = new KeyedQueue();

  constructor(private readonly io: RedisIo) {}

  async create(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    assertStoreName('incident id', id);
    const stored = toStoredEvent(id, 1, first);
    const summary = foldSummary(undefined, stored);
    const k = this.io.keys;
    const keys = [k.events(id), k.incidents(), k.summary(id), k.openIndex(), k.resolvedIndex()];
    const created = await this.io.write(() => this.io.client.zbCreate(...keys, id, ...indexArgs(summary), JSON.stringify(stored), JSON.stringify(summary)));
    return created === 1 ? stored : undefined;
  }

  async append(id: string, event: NewEvent): Promise<StoredEvent> {
    assertStoreName('incident id', id);
    toStoredEvent(id, 1, event);
    return this.queue.run(id, async () => {
      for (;;) {
        const prev = await this.current(id);
        if (!prev) throw new StoreNotFoundError(id);
        const stored = toStoredEvent(id, prev.lastSeq + 1, event);
        const next = foldSummary(prev, stored);
        const args = [id, ...indexArgs(next), prev.lastSeq, JSON.stringify(stored), JSON.stringify(next)];
        const done = await this.io.write(() => this.io.client.zbAppend(...this.summaryKeys(id), ...args));
        if (done === 1) return stored;
        if (done === -1) throw new StoreNotFoundError(id);
      }
    });
  }

  async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    assertStoreName('incident id', id);
    const lines = await this.io.read(() => this.io.client.lrange(this.io.keys.events(id), 0, -1));
    return lines.length === 0 ? undefined : lines.map((line, i) => this.decode(id, line, i + 1));
  }

  async *stream(id: string, opts: StreamOptions = {}): AsyncGenerator<StoredEvent> {
    assertStoreName('incident id', id);
    const key = this.io.keys.events(id);
    if ((await this.io.read(() => this.io.client.llen(key))) === 0) throw new StoreNotFoundError(id);
    for (let from = Math.max(1, opts.fromSeq ?? 1); ; from += CHUNK) {
      const lines = await this.io.read(() => this.io.client.lrange(key, from - 1, from + CHUNK - 2));
      for (let i = 0; i < lines.length; i++) yield this.decode(id, lines[i]!, from + i);
      if (lines.length < CHUNK) return;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const key = this.io.keys.incidents();
    if (prefix === '') return this.io.read(() => this.io.client.zrange(key, '0', '-1'));
    const max = Buffer.concat([Buffer.from(`(${prefix}`), Buffer.from([0xff])]);
    return this.io.read(() => this.io.client.zrangebylex(key, `[${prefix}`, max));
  }

  async readSummary(id: string): Promise<IncidentSummary | undefined> {
    assertStoreName('incident id', id);
    return this.current(id);
  }

  async listSummaries(query: SummaryQuery = {}): Promise<IncidentSummary[]> {
    const k = this.io.keys;
    const ids = new Set(await this.io.read(() => this.io.client.zrange(k.openIndex(), '0', '-1')));
    if (query.resolvedSince !== undefined) {
      const since = String(query.resolvedSince);
      for (const id of await this.io.read(() => this.io.client.zrangebyscore(k.resolvedIndex(), since, '+inf'))) ids.add(id);
    }
    const sorted = [...ids].sort();
    if (sorted.length === 0) return [];
    const values = await this.io.read(() => this.io.client.mget(...sorted.map((id) => k.summary(id))));
    return values.flatMap((v) => (v ? [JSON.parse(v) as IncidentSummary] : [])).filter((s) => matchesQuery(s, query));
  }

  async rebuild(): Promise<RebuildReport> {
    const report: RebuildReport = { incidents: 0, open: 0, damaged: [] };
    for (const id of await this.list('')) {
      const summary = await this.refold(id);
      if (!summary) continue;
      report.incidents++;
      if (inOpenIndex(summary)) report.open++;
      if (summary.damaged) report.damaged.push(id);
    }
    return report;
  }

  /** [events, summary, open index, resolved index] of one incident: the KEYS of the summary scripts. */
  private summaryKeys(id: string): string[] {
    const k = this.io.keys;
    return [k.events(id), k.summary(id), k.openIndex(), k.resolvedIndex()];
  }

  /** The stored summary when it matches the timeline's length, else a refold; undefined when the incident does not exist. */
  private async current(id: string): Promise<IncidentSummary | undefined> {
    const [len, json] = await this.io.read(() => Promise.all([this.io.client.llen(this.io.keys.events(id)), this.io.client.get(this.io.keys.summary(id))]));
    if (len === 0) return undefined;
    const stored = json ? (JSON.parse(json) as IncidentSummary) : undefined;
    return stored?.lastSeq === len ? stored : this.refold(id);
  }

  /** Folds the whole timeline again and stores the summary and its index entries (retrying while appends race it). */
  private async refold(id: string): Promise<IncidentSummary | undefined> {
    for (;;) {
      const len = await this.io.read(() => this.io.client.llen(this.io.keys.events(id)));
      if (len === 0) return undefined;
      let summary: IncidentSummary | undefined;
      try {
        for await (const e of this.stream(id)) if (e.seq <= len) summary = foldSummary(summary, e);
      } catch (e) {
        if (!(e instanceof StoreCorruptionError)) throw e;
        summary = { ...damagedSummary(id, e.where, e.detail), lastSeq: len };
      }
      const args = [id, ...indexArgs(summary!), len, JSON.stringify(summary)];
      if ((await this.io.write(() => this.io.client.zbSummary(...this.summaryKeys(id), ...args))) === 1) return summary;
    }
  }

  /** Event `seq` of incident `id` from its stored line, or StoreCorruptionError naming the list and index. */
  private decode(id: string, line: string, seq: number): StoredEvent {
    const event = decodeEvent(line, id, seq);
    if (typeof event !== 'string') return event;
    const where = `${this.io.keys.events(id)}[${seq - 1}]`;
    throw new StoreCorruptionError(`${this.io.where} ${where}`, event, where);
  }
}
