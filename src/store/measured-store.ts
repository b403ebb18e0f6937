import type { Store } from './port.js';

/** Told how long each store operation took and whether it succeeded. */
export type StoreOpObserver = (op: string, ok: boolean, ms: number) => void;

/**
 * The same store, with every asynchronous operation (`append`, `getRecord`, `claimDueTimers` …)
 * timed on a monotonic clock and reported to `observe`. Results, errors and streams pass through
 * unchanged; `streamEvents` and `info` are not timed.
 */
export function measuredStore(store: Store, observe: StoreOpObserver): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'streamEvents' || prop === 'info') return (value as (...a: unknown[]) => unknown).bind(target);
      const op = String(prop);
      return (...args: unknown[]): unknown => {
        const started = performance.now();
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.then(
          (v: unknown) => {
            observe(op, true, performance.now() - started);
            return v;
          },
          (err: unknown) => {
            observe(op, false, performance.now() - started);
            throw err;
          },
        );
      };
    },
  });
}
