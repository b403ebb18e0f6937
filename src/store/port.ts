/**
 * The persistence port of zhiban. Everything that must survive a restart goes through it:
 * incident timelines (append-only events), versioned records changed by compare-and-set
 * (approvals, incident cards), and timers claimed under a lease (escalations, expiries).
 *
 * Invariants every implementation keeps (checked by test/contract/store-contract.ts):
 * - a promise that resolves means the write is durable (survives a process crash);
 * - a failed or torn write never leaves a half event visible as a whole one;
 * - `createIncident` and `putRecord` are atomic across processes/replicas sharing the store;
 * - a due timer is handed to exactly one claimant until its lease expires.
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
  /** Ids of all incidents (optionally only those starting with `prefix`), sorted ascending. */
  listIncidents(prefix?: string): Promise<string[]>;

  /** Reads one record of `kind`. */
  getRecord<T>(kind: string, id: string): Promise<Versioned<T> | undefined>;
  /**
   * Writes a record only if its current version is `expectedVersion` (0: it must not exist yet).
   * Resolves to the new version, or `undefined` when another writer got there first.
   */
  putRecord<T>(kind: string, id: string, value: T, expectedVersion: number): Promise<number | undefined>;
  /** All records of `kind`, sorted by id. */
  listRecords<T>(kind: string): Promise<Versioned<T>[]>;

  /** Creates or replaces the timer with `timer.id` (a replaced timer loses any lease). */
  scheduleTimer(timer: Timer): Promise<void>;
  /** Removes a timer; resolves to false when there was none. */
  cancelTimer(id: string): Promise<boolean>;
  /**
   * Hands out up to `limit` timers due at `now` that nobody holds a live lease on, each leased to
   * `owner` until `now + leaseMs`. A timer whose lease ran out without completion is handed out again.
   */
  claimDueTimers(now: number, owner: string, leaseMs: number, limit?: number): Promise<ClaimedTimer[]>;
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
    readonly location: string,
    readonly detail: string,
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
