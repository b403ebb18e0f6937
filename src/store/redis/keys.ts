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
  /** Prefix of the record hashes of one kind (`v` version, `d` value JSON). */
  recordPrefix(kind: string): string {
    return `${this.prefix}record:${kind}:`;
  }
  /** The hash of one record. */
  record(kind: string, id: string): string {
    return this.recordPrefix(kind) + id;
  }
  /** Sorted set (all scores 0) of the record ids of one kind. */
  recordIndex(kind: string): string {
    return `${this.prefix}records:${kind}`;
  }
  /** [timer JSON hash, due-time sorted set, lease hash], the KEYS of every timer script. */
  timers(): [string, string, string] {
    return [`${this.prefix}timers`, `${this.prefix}timers:due`, `${this.prefix}timers:lease`];
  }
}
