import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { TimerRunner } from '../../src/core/timers.js';
import { MemoryStore } from '../../src/store/memory-store.js';

describe('TimerRunner at shutdown', () => {
  it('finishes the timer it is running, hands the rest of its batch back at once and claims nothing more', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    const runs: string[] = [];
    const holder: { runner?: TimerRunner } = {};
    const handlers = {
      page: async (t: { id: string }) => {
        runs.push(t.id);
        holder.runner!.stop();
      },
    };
    holder.runner = new TimerRunner(store, clock, 'bot-1', handlers, silentLogger);
    for (const id of ['a', 'b', 'c']) await store.scheduleTimer({ id, dueAt: clock.now(), kind: 'page', payload: {} });

    await holder.runner.tick();

    expect(runs).toEqual(['a']);
    expect((await store.listTimers()).map((t) => t.id)).toEqual(['b', 'c']);
    const peer = await store.claimDueTimers(clock.now(), 'bot-2', 60_000);
    expect(peer.map((t) => t.id)).toEqual(['b', 'c']);
    expect(await holder.runner.tick()).toBe(0);
  });
});
