/**
 * Remembers keys for `ttlMs` (at most `max` of them, oldest forgotten first). `firstSeen` is
 * true for a key once per window: used to process a retried delivery or a double click once.
 */
export class Deduper {
  private readonly expiry = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 5000,
  ) {}

  /** True the first time `key` is offered within the window (and remembers it); false for repeats. */
  firstSeen(key: string, now: number): boolean {
    const until = this.expiry.get(key);
    if (until !== undefined && until > now) return false;
    this.expiry.delete(key);
    this.expiry.set(key, now + this.ttlMs);
    while (this.expiry.size > this.max) this.expiry.delete(this.expiry.keys().next().value!);
    return true;
  }
}
