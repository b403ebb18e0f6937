import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { storeContract } from '../contract/store-contract.js';
import { RedisServer } from '../support/redis-server.js';

let server: RedisServer;
let n = 0;
beforeAll(async () => {
  server = await RedisServer.start();
});
afterAll(async () => server.stop());

/** Each test gets its own key prefix on the one server, so it starts from an empty store. */
storeContract(
  'RedisStore',
  async () => {
    const open = (prefix: string) => RedisStore.open({ url: server.url, prefix, timeoutMs: 10_000 });
    const prefix = `contract${++n}:`;
    return { store: await open(prefix), reopen: () => open(prefix), cleanup: async () => undefined };
  },
  { durable: true },
);
