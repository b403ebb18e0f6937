import type { Store } from '../store/port.js';

/** Where a sequence keeps its last number: one store record `{ last }`, changed by compare-and-set. */
export interface Sequence {
  kind: string;
  id: string;
  /** The counter record expires at this time (see PutOptions.expiresAt); without it, it lives until deleted. */
  expiresAt?: number;
  /**
   * The highest number already in use, read only when the counter record does not exist yet
   * (e.g. ids given out before the counter was introduced). Default 0.
   */
  floor?: () => Promise<number>;
}

/**
 * Takes the next number of `seq` and hands it to `create`, which stores whatever the number
 * names with a create-only put and resolves to undefined when that name is already taken; the
 * next number is tried then, until one is created. The counter is advanced (compare-and-set)
 * before `create` runs, so two writers, in this process or on other replicas, never get the same
 * number, and a number is never given out again, even after what it named has expired. A number
 * whose `create` failed or was cut off by a crash is skipped, not reused.
 */
export async function createWithNextNumber<T>(store: Store, seq: Sequence, create: (n: number) => Promise<T | undefined>): Promise<T> {
  let tried = 0;
  for (;;) {
    const counter = await store.getRecord<{ last: number }>(seq.kind, seq.id);
    const last = counter ? counter.value.last : ((await seq.floor?.()) ?? 0);
    const n = Math.max(last, tried) + 1;
    const opts = seq.expiresAt === undefined ? {} : { expiresAt: seq.expiresAt };
    if ((await store.putRecord(seq.kind, seq.id, { last: n }, counter?.version ?? 0, opts)) === undefined) continue;
    tried = n;
    const made = await create(n);
    if (made !== undefined) return made;
  }
}

/** The last number `seq` gave out, 0 when its counter record does not exist (or expired). */
export async function lastNumber(store: Store, seq: Pick<Sequence, 'kind' | 'id'>): Promise<number> {
  return (await store.getRecord<{ last: number }>(seq.kind, seq.id))?.value.last ?? 0;
}
