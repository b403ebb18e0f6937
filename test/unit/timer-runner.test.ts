import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { TimerRunner } from '../../src/core/timers.js';
import { MemoryStore } from '../../src/store/memory-store.js';

describe('TimerRunner leases', () => {
  it('never runs a timer twice when a slow handler outlasts the lease of the next one in its batch', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    const runs: string[] = [];
    const peer: { runner?: TimerRunner } = {};
    const handlers = {
      page: async (t: { id: string }) => {
        runs.push(t.id);
        if (t.id === 'slow' && runs.length === 1) {
          clock.advance(5_000);
          await peer.runner!.tick();
        }
      },
    };
    const one = new TimerRunner(store, clock, 'bot-1', handlers, silentLogger, 1_000);
    peer.runner = new TimerRunner(store, clock, 'bot-2', handlers, silentLogger, 1_000);
    await store.scheduleTimer({ id: 'slow', dueAt: clock.now(), kind: 'page', payload: {} });
    await store.scheduleTimer({ id: 'next', dueAt: clock.now() + 1, kind: 'page', payload: {} });
    clock.advance(1);

    await one.tick();

    expect(runs.filter((id) => id === 'next')).toEqual(['next']);
    expect(await store.listTimers()).toEqual([]);
  });

  it('runs every due timer in one tick, batch after batch', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    for (let i = 0; i < 25; i++) await store.scheduleTimer({ id: `t${i}`, dueAt: clock.now(), kind: 'page', payload: {} });
    const runner = new TimerRunner(store, clock, 'bot-1', { page: async () => undefined }, silentLogger);
    expect(await runner.tick()).toBe(25);
    expect(await store.listTimers()).toEqual([]);
  });
});
