/**
 * Where the Redis store keeps things, every key under one prefix (so several zhiban
 * installations, or a test, can share a server). Names are store-safe (no ':'), so two
 * different names never map to the same key.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** The List of one incident's events, in append order (its length is the seq counter). */
  events(id: string): string {
    return `${this.prefix}incident:${id}`;
  }
  /** Sorted set (all scores 0, so ordered by id) of every incident id. */
  incidents(): string {
    return `${this.prefix}incidents`;
  }
  /** The summary (JSON) of one incident, kept in step with its timeline. */
  summary(id: string): string {
    return `${this.prefix}summary:${id}`;
  }
  /** Sorted set (all scores 0) of the incidents that are open (or damaged). */
  openIndex(): string {
    return `${this.prefix}open`;
  }
  /** Sorted set of resolved incidents scored by when they were resolved. */
  resolvedIndex(): string {
    return `${this.prefix}resolved`;
  }
  /** Prefix of the record hashes of one kind (`v` version, `d` value JSON). */
  recordPrefix(kind: string): string {
    return `${this.prefix}record:${kind}:`;
  }
  /** The hash of one record. */
  record(kind: string, id: string): string {
    return this.recordPrefix(kind) + id;
  }
  /** Sorted set of the record ids of one kind, scored by when each expires (+inf: never). */
  recordIndex(kind: string): string {
    return `${this.prefix}records:${kind}`;
  }
  /** [timer JSON hash, due-time sorted set, lease hash], the KEYS of every timer script. */
  timers(): [string, string, string] {
    return [`${this.prefix}timers`, `${this.prefix}timers:due`, `${this.prefix}timers:lease`];
  }
}
