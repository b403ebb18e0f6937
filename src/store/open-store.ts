import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { StoreConfig } from './config.js';
import { FileStore } from './file-store.js';
import { MemoryStore } from './memory-store.js';
import type { Store } from './port.js';

/** Where a store may keep its data and which clock judges expiry. */
export interface StoreEnv {
  /** The resolved data folder (the file store's home). */
  dataDir: string;
  clock: Clock;
  /** Where a networked store reports outages and durability warnings. */
  logger?: Logger;
}

/** Opens the store `config` selects; every kind in StoreConfig has exactly one case here. */
export async function openStore(config: StoreConfig, env: StoreEnv): Promise<Store> {
  switch (config.kind) {
    case 'file':
      return FileStore.open({ dir: env.dataDir, clock: env.clock });
    case 'memory':
      return new MemoryStore({ clock: env.clock });
    case 'redis': {
      // loaded only when used, so processes on the file store do not pay for the Redis client
      const { RedisStore } = await import('./redis/redis-store.js');
      return RedisStore.open({ ...config, ...(env.logger ? { logger: env.logger } : {}) });
    }
  }
}
