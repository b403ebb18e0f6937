import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/**
 * A loader of a client library (dockerode, mysql2, ioredis) that requires it on first call, so
 * a command that never talks to that system (`zhiban exec /help`) never pays for loading it.
 * `T` must be the module's type (`typeof import('…')`); later calls return the same module.
 */
export function lazyModule<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= load(id) as T);
}
