/**
 * Remembers work still running (requests being handled, cards being posted) so shutdown and
 * tests can wait until everything that was started has settled.
 */
export class Inflight {
  private readonly running = new Set<Promise<unknown>>();

  /** Registers `work` until it settles and returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const done = (): void => {
      this.running.delete(work);
    };
    work.then(done, done);
    return work;
  }

  /** Resolves once no tracked work is left, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
