import { describe, expect, it } from 'vitest';
import { harness } from '../support/harness.js';

describe('bounded input', () => {
  it('a command line over 20,000 characters is refused before parsing, saying how long it was', async () => {
    const h = await harness();
    const seen = await h.run('alice', `/incident note ${'"a '.repeat(200_000)}`);
    expect(seen.reply.ok).toBe(false);
    expect(seen.text).toBe('✗ That command is 600015 characters long; zhiban reads at most 20000. Shorten it, or put long text in a file and give its name.');
  });

  it('a refusal repeats at most the start of a huge word', async () => {
    const h = await harness();
    for (const text of [`/${'x'.repeat(19_000)}`, `/incident ${'y'.repeat(19_000)}`, `/incident show INC-20261122-${'1'.repeat(19_000)}`, `/kill-query ${'9'.repeat(19_000)}`]) {
      const seen = await h.run('alice', text);
      expect(seen.reply.ok).toBe(false);
      expect(seen.text.length).toBeLessThan(1500);
    }
  });
});

describe('numbers are decimal digits only', () => {
  it.each(['0x10', '1e3', '0b11', '16.0', ' 16', '+16', 'Infinity'])('/kill-query %s is refused, not read as another number', async (id) => {
    const h = await harness();
    await h.run('alice', '/incident declare P2 slow queries');
    const seen = await h.run('alice', `/kill-query "${id}"`);
    expect(seen.reply.ok).toBe(false);
    expect(seen.text.split('\n')[0]).toBe(`✗ Invalid id "${id}": the thread id from /check mysql (process list).`);
  });

  it('/logs --tail 1e3 is refused too', async () => {
    const h = await harness();
    const seen = await h.run('alice', '/logs backend --tail 1e3');
    expect(seen.reply.ok).toBe(false);
    expect(seen.text.split('\n')[0]).toMatch(/^✗ Invalid tail "1e3"/);
  });
});
