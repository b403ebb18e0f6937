import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Limiter } from '../../src/runtime/limiter.js';

/** A task that runs until the test ends it, recording that it started. */
function task(started: string[], name: string): { run: () => Promise<string>; end: () => void } {
  let end: () => void = () => {};
  const done = new Promise<void>((resolve) => (end = resolve));
  return {
    run: async () => {
      started.push(name);
      await done;
      return name;
    },
    end: () => end(),
  };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('Limiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at most max tasks at once, the rest in call order as slots free up', async () => {
    const started: string[] = [];
    const l = new Limiter(2);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => task(started, n));
    const results = [a!, b!, c!, d!].map((t) => l.run(t.run));
    await settle();
    expect(started).toEqual(['a', 'b']);
    b!.end();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    a!.end();
    c!.end();
    d!.end();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('with holdMs, lets the next task start once a slow one has held its slot that long, without cutting the slow one short', async () => {
    const started: string[] = [];
    const l = new Limiter(1, 1_000);
    const slow = task(started, 'slow');
    const quick = task(started, 'quick');
    const slowResult = l.run(slow.run);
    const quickResult = l.run(quick.run);
    await settle();
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toEqual(['slow']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['slow', 'quick']);
    quick.end();
    expect(await quickResult).toBe('quick');
    slow.end();
    expect(await slowResult).toBe('slow');
    // the slot given up early is not given back twice: one task at a time again
    const [x, y] = ['x', 'y'].map((n) => task(started, n));
    const rest = [l.run(x!.run), l.run(y!.run)];
    await settle();
    expect(started.slice(2)).toEqual(['x']);
    x!.end();
    y!.end();
    await Promise.all(rest);
  });
});
