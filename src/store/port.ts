import type { Incident } from '../core/incidents/model.js';

/**
 * The persistence port of zhiban. Everything that must survive a restart goes through it:
 * incident timelines (append-only events) with a derived summary per incident and an index of
 * the open ones, versioned records changed by compare-and-set (approvals, incident cards,
 * dedupe claims that may expire), and timers claimed under a renewable lease (escalations, expiries).
 *
 * Invariants every implementation keeps (checked by test/contract/store-contract.ts):
 * - **durable**: a promise that resolves means the write survives a crash of the process *and*
 *   of the machine or server holding it: the file store fsyncs the file and its directory before
 *   resolving; a networked backend resolves only once the write is on stable storage (e.g. Redis
 *   with AOF `appendfsync always`) or acknowledged by enough replicas (`WAIT`). A backend that
 *   cannot promise this must say so loudly at start-up. Summaries and indexes are derived data:
 *   they may be rebuilt from the timelines (`rebuildIndex`), but never disagree with a timeline
 *   once read back (a store detects a stale summary and refolds it);
 * - a failed or torn write never leaves a half event visible as a whole one;
 * - `createIncident`, `append` (with its summary) and `putRecord` are atomic across
 *   processes/replicas sharing the store;
 * - a due timer is handed to exactly one claimant until its lease expires or is renewed.
 */

/** An event before it is stored. `at` is ms since epoch from the injected clock. */
export interface NewEvent {
  type: string;
  at: number;
  /** zhiban user id (or `zhiban` for the bot itself). */
  actor: string;
  data: Record<string, unknown>;
}

/** An event as stored: numbered from 1 in append order within its incident. */
export interface StoredEvent extends NewEvent {
  incidentId: string;
  seq: number;
}

/** A record with its version; version 1 is the first write, each successful put adds one. */
export interface Versioned<T> {
  id: string;
  value: T;
  version: number;
}

/** A timer to fire at `dueAt`; `kind` and `payload` tell the scheduler what to do. */
export interface Timer {
  id: string;
  dueAt: number;
  kind: string;
  payload: Record<string, unknown>;
}

/** A timer handed to one claimant until `leaseUntil`. */
export interface ClaimedTimer extends Timer {
  owner: string;
  leaseUntil: number;
}

/**
 * The derived state of one incident, kept beside its timeline and changed in the same atomic
 * step as each append (folded by `foldSummary` in store/summary.ts, which every store uses, so
 * every store agrees and `rebuildIndex` gives the same result).
 */
export interface IncidentSummary {
  id: string;
  /** seq of the last event folded in (the number of events) and its `at`. */
  lastSeq: number;
  lastAt: number;
  /** The incident's state after event `lastSeq`; absent when the timeline does not start with a declaration, or is damaged. */
  incident?: Incident;
  /**
   * Set when the timeline cannot be read back: what is wrong and where, relative to the store
   * (e.g. `incidents/INC-1.jsonl:3`, never an absolute path), so one damaged incident is shown
   * as such while the others keep working.
   */
  damaged?: { where: string; detail: string };
}

/** Which summaries `listSummaries` returns besides the open (and damaged) incidents. */
export interface SummaryQuery {
  /** Also incidents resolved at or after this time (ms since epoch). */
  resolvedSince?: number;
}

/** What `rebuildIndex` did: how many timelines it folded, and which could not be read. */
export interface RebuildReport {
  incidents: number;
  open: number;
  damaged: string[];
}

/** Options of `putRecord`. */
export interface PutOptions {
  /**
   * The record expires at this time (ms since epoch, from the caller's clock): from then on it
   * reads as absent (so a put with expectedVersion 0 creates it again) and the store frees its
   * space within a bounded time. Without it a record lives until deleted.
   */
  expiresAt?: number;
  /**
   * False: the write need not survive a power failure (it survives the process, and every other
   * process sees it at once), so a store may skip waiting for the disk. For records that only
   * guard against running something twice within minutes, whose loss in a machine crash is
   * harmless. Default true.
   */
  durable?: boolean;
}

/** Where `streamEvents` starts. */
export interface StreamOptions {
  /** First seq to yield (default 1). */
  fromSeq?: number;
}

/** What a store reports about itself (shown by `zhiban doctor` and at start-up). */
export interface StoreInfo {
  kind: 'memory' | 'file' | 'redis';
  location: string;
}

/** The persistence port. See the module comment for the invariants. */
export interface Store {
  info(): StoreInfo;

  /**
   * Creates incident `id` with its first event. Resolves to the stored event, or `undefined`
   * when an incident with that id already exists (nothing is written then).
   */
  createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined>;
  /** Appends one event to an existing incident; rejects with StoreNotFoundError if it does not exist. */
  append(id: string, event: NewEvent): Promise<StoredEvent>;
  /** All events of one incident in append order, or `undefined` when it does not exist. */
  readEvents(id: string): Promise<StoredEvent[] | undefined>;
  /**
   * The events of one incident in append order from `fromSeq`, read a piece at a time so a
   * timeline of any length never sits in memory whole; stopping early (break) releases the
   * read. Throws StoreNotFoundError (on the first step) when the incident does not exist.
   */
  streamEvents(id: string, opts?: StreamOptions): AsyncIterable<StoredEvent>;
  /** Ids of all incidents (optionally only those starting with `prefix`), sorted ascending. */
  listIncidents(prefix?: string): Promise<string[]>;
  /**
   * The summary of one incident (no timeline read when it is current), or `undefined` when the
   * incident does not exist. A timeline that cannot be read gives a summary with `damaged`.
   */
  readSummary(id: string): Promise<IncidentSummary | undefined>;
  /**
   * Summaries of the open incidents (and damaged ones), plus those resolved at or after
   * `resolvedSince`, sorted by id: served from the index, never by reading every timeline.
   */
  listSummaries(query?: SummaryQuery): Promise<IncidentSummary[]>;
  /** Recomputes every summary and the index from the timelines (`zhiban store rebuild-index`). */
  rebuildIndex(): Promise<RebuildReport>;

  /** Reads one record of `kind` (an expired record reads as absent). */
  getRecord<T>(kind: string, id: string): Promise<Versioned<T> | undefined>;
  /**
   * Writes a record only if its current version is `expectedVersion` (0: it must not exist yet,
   * or has expired). Resolves to the new version, or `undefined` when another writer got there first.
   */
  putRecord<T>(kind: string, id: string, value: T, expectedVersion: number, opts?: PutOptions): Promise<number | undefined>;
  /**
   * Deletes a record, only if its version is `expectedVersion` when that is given. Resolves to
   * false when there was none (or the version did not match); a later put with 0 creates it anew.
   */
  deleteRecord(kind: string, id: string, expectedVersion?: number): Promise<boolean>;
  /** All live records of `kind`, sorted by id. */
  listRecords<T>(kind: string): Promise<Versioned<T>[]>;
  /** Ids of the live records of `kind` starting with `prefix`, sorted (the file store reads each to leave out the expired). */
  listRecordIds(kind: string, prefix?: string): Promise<string[]>;

  /** Creates or replaces the timer with `timer.id` (a replaced timer loses any lease). */
  scheduleTimer(timer: Timer): Promise<void>;
  /** Removes a timer; resolves to false when there was none. */
  cancelTimer(id: string): Promise<boolean>;
  /**
   * Hands out up to `limit` timers due at `now` that nobody holds a live lease on, each leased to
   * `owner` until `now + leaseMs`. A timer whose lease ran out without completion is handed out again.
   */
  claimDueTimers(now: number, owner: string, leaseMs: number, limit?: number): Promise<ClaimedTimer[]>;
  /**
   * Extends the live lease `owner` holds on a timer to `now + leaseMs`, so a slow handler keeps
   * it. Resolves to false (and changes nothing) when the lease already ran out or is someone
   * else's, or the timer was replaced or removed: the handler must then not assume it is alone.
   */
  renewTimer(id: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /** Deletes a claimed timer; resolves to false when `owner` no longer holds it. */
  completeTimer(id: string, owner: string): Promise<boolean>;
  /** All timers, sorted by dueAt. */
  listTimers(): Promise<Timer[]>;

  /** Releases files/connections. */
  close(): Promise<void>;
}

/** Raised by `append` when the incident does not exist. */
export class StoreNotFoundError extends Error {
  constructor(readonly incidentId: string) {
    super(`incident ${incidentId} does not exist in the store`);
    this.name = 'StoreNotFoundError';
  }
}

/**
 * Raised when stored data cannot be read back (a damaged line in the middle of a log, a record
 * that is not JSON). Nothing is changed when it is raised; `location` says where to look.
 */
export class StoreCorruptionError extends Error {
  constructor(
    /** Where, as the operator finds it (may be an absolute path, with `:line`): for the operator log only. */
    readonly location: string,
    readonly detail: string,
    /** Where, relative to the store (e.g. `incidents/INC-1.jsonl:3`): safe to show in chat. */
    readonly where: string = location,
  ) {
    super(`damaged data at ${location}: ${detail}`);
    this.name = 'StoreCorruptionError';
  }
}

/**
 * Raised when the store cannot be reached (a Redis server down, failing over or too slow).
 * `unconfirmed` is false when the write was never sent, so nothing was recorded; true when it
 * was sent but not confirmed (a timeout, a lost connection, too few replicas acknowledged it),
 * so it may or may not have happened. A caller never reports such a write as done.
 */
export class StoreUnavailableError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
    readonly unconfirmed = false,
  ) {
    super(`the store at ${location} is unavailable: ${reason}`);
    this.name = 'StoreUnavailableError';
  }
}

/** Event type the file store appends when it set aside a torn last line (a crash mid-write). */
export const REPAIRED_EVENT = 'store.repaired';
