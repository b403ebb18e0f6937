/** The error pending MySQL work fails with once its deadline passed: `message`, with code `ABORT_ERR`. */
export function abortError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ABORT_ERR' });
}

/**
 * A bound `untilAborted(work, signal)`: settles like `work`, or rejects with `abortError(message)`
 * as soon as `signal` aborts (at once when it already did). It only stops waiting, it does not
 * cancel `work`: the caller destroys the socket on abort. The abort listener is removed once `work` settles.
 */
export function abortable(message: string): <T>(work: Promise<T>, signal: AbortSignal) => Promise<T> {
  return <T>(work: Promise<T>, signal: AbortSignal): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(abortError(message));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}
