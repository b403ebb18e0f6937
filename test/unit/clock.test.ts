import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';

describe('FakeClock deadlines', () => {
  it('a deadline passes only when time is moved to it, and aborts as a timeout', () => {
    const clock = new FakeClock();
    const signal = clock.deadline(1000);
    clock.advance(999);
    expect(signal.aborted).toBe(false);
    clock.advance(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('set() fires every deadline it passes; a zero deadline has passed already', () => {
    const clock = new FakeClock('2026-11-22T02:00:00.000Z');
    const early = clock.deadline(60_000);
    const late = clock.deadline(3_600_000);
    clock.set('2026-11-22T02:30:00.000Z');
    expect([early.aborted, late.aborted]).toEqual([true, false]);
    expect(clock.deadline(0).aborted).toBe(true);
  });
});
