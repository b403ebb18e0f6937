import { withFileLock } from './file-lock.js';
import { readIfExists, writeFileAtomic } from './fs-atomic.js';
import { assertStoreName, isPlainObject } from './guards.js';
import type { KeyedQueue } from './keyed-queue.js';
import { StoreCorruptionError, type ClaimedTimer, type Timer } from './port.js';
import { TimerTable, timerEntryProblem, type TimerEntry } from './timer-table.js';

/**
 * The timers of the file store: `timers.json` (`{ timers: [...] }` with the leases), read and
 * replaced atomically under `timers.json.lock`, so every change (a claim above all) is atomic
 * across processes. The rules are TimerTable's.
 */
export class FileTimers {
  constructor(
    private readonly timersPath: string,
    private readonly queue: KeyedQueue,
  ) {}

  /** See Store.scheduleTimer. */
  async schedule(timer: Timer): Promise<void> {
    await this.change((table) => {
      table.schedule(timer);
      return { result: undefined, changed: true };
    });
  }

  /** See Store.cancelTimer. */
  cancel(id: string): Promise<boolean> {
    assertStoreName('timer id', id);
    return this.change((table) => {
      const removed = table.cancel(id);
      return { result: removed, changed: removed };
    });
  }

  /** See Store.claimDueTimers. */
  claim(now: number, owner: string, leaseMs: number, limit?: number): Promise<ClaimedTimer[]> {
    return this.change((table) => {
      const claimed = table.claim(now, owner, leaseMs, limit);
      return { result: claimed, changed: claimed.length > 0 };
    });
  }

  /** See Store.renewTimer. */
  renew(id: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    assertStoreName('timer id', id);
    return this.change((table) => {
      const renewed = table.renew(id, owner, now, leaseMs);
      return { result: renewed, changed: renewed };
    });
  }

  /** See Store.completeTimer. */
  complete(id: string, owner: string): Promise<boolean> {
    assertStoreName('timer id', id);
    return this.change((table) => {
      const completed = table.complete(id, owner);
      return { result: completed, changed: completed };
    });
  }

  /** See Store.listTimers. */
  async list(): Promise<Timer[]> {
    return (await this.load()).list();
  }

  /** The timer table on disk; a file that does not hold one throws StoreCorruptionError. */
  private async load(): Promise<TimerTable> {
    const bytes = await readIfExists(this.timersPath);
    if (bytes === undefined) return new TimerTable();
    let file: unknown;
    try {
      file = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new StoreCorruptionError(this.timersPath, 'not valid JSON', 'timers.json');
    }
    const entries = isPlainObject(file) ? file.timers : undefined;
    if (!Array.isArray(entries)) throw new StoreCorruptionError(this.timersPath, 'no timers list', 'timers.json');
    const problem = entries.map(timerEntryProblem).find((p) => p !== undefined);
    if (problem !== undefined) throw new StoreCorruptionError(this.timersPath, problem, 'timers.json');
    return new TimerTable(entries as TimerEntry[]);
  }

  /** Applies `change` to the timer table under the timers lock; writes the table back when it says it changed something. */
  private change<T>(change: (table: TimerTable) => { result: T; changed: boolean }): Promise<T> {
    return this.queue.run('timers', () =>
      withFileLock(`${this.timersPath}.lock`, async () => {
        const table = await this.load();
        const { result, changed } = change(table);
        if (changed) await writeFileAtomic(this.timersPath, `${JSON.stringify({ timers: table.toEntries() }, null, 2)}\n`);
        return result;
      }),
    );
  }
}
