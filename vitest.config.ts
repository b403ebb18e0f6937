import { defineConfig } from 'vitest/config';

/**
 * Unit tests run in parallel and need nothing set up. Integration and protocol tests share one
 * MariaDB, Redis and Docker engine whose server-wide state (process list, lock waits, deadlocks,
 * config) some of them assert, so their files run one at a time; only they build dist/ and find
 * the Docker lab first (test/support/global-setup.ts).
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/protocol/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000, globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
});
