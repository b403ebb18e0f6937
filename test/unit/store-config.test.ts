import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load.js';
import { FakeClock } from '../../src/core/clock.js';
import { openStore } from '../../src/store/open-store.js';

describe('store selector (store.kind)', () => {
  it('opens the file store by default and the memory store when asked', async () => {
    expect(parseConfigText('locale: en\n', 'zhiban.yml', {}).config.store).toEqual({ kind: 'file' });
    const { config } = parseConfigText('store:\n  kind: memory\n', 'zhiban.yml', {});
    const store = await openStore(config.store, { dataDir: '/nonexistent/never-used', clock: new FakeClock() });
    expect(store.info()).toEqual({ kind: 'memory', location: 'memory' });
    await store.close();
  });

  it('names the key when the kind is unknown or a key does not belong to it', () => {
    for (const yaml of ['store:\n  kind: sqlite\n', 'store:\n  kind: memory\n  dir: /tmp\n']) {
      const failure = (() => {
        try {
          parseConfigText(yaml, 'zhiban.yml', {});
        } catch (e) {
          return e;
        }
      })();
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as ConfigError).problems.map((p) => JSON.stringify(p)).join('\n')).toContain('store');
    }
  });
});
