/**
 * Resolves with `probe()`'s first non-undefined value. `waiters` is the owner's set of checks
 * that it re-runs whenever something arrives; the check removes itself when done. Rejects after
 * `ms` with `what` and the owner's account of what it saw (`seen()`), so a failing test says why.
 */
export function waitUntil<T>(waiters: Set<() => void>, what: string, probe: () => T | undefined, ms: number, seen: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const v = probe();
      if (v === undefined) return;
      waiters.delete(check);
      clearTimeout(timer);
      resolve(v);
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`timed out waiting for ${what}; ${seen()}`));
    }, ms);
    waiters.add(check);
    check();
  });
}
