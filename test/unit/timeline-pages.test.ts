import { describe, expect, it } from 'vitest';
import { harness } from '../support/harness.js';

const ID = 'INC-20261122-001';

/** A harness with one incident: its declaration, then `notes` notes a minute apart. */
async function withNotes(notes: number) {
  const h = await harness();
  await h.run('alice', '/incident declare P2 订单导出很慢');
  for (let n = 1; n <= notes; n++) {
    h.clock.advance(60_000);
    await h.run('alice', `/incident note note ${n}`);
  }
  return h;
}

/** The table rows of a timeline reply (the lines between the heading and the footer). */
function rows(text: string): string[] {
  return text.split('\n').filter((l) => /^\s+2026-11-22 /.test(l));
}

describe('/incident timeline pages', () => {
  it('shows the newest page first, bounded, and says how to reach older events and the whole', async () => {
    const h = await withNotes(120);
    const first = (await h.run('carol', '/incident timeline')).text;
    expect(rows(first)).toHaveLength(50);
    expect(rows(first)[0]).toMatch(/alice\s+note: note 120$/);
    expect(rows(first)[49]).toMatch(/note: note 71$/);
    expect(first).toContain('Events 1–50 of 121, newest first (page 1 of 3).');
    expect(first).toContain(`Older events: /incident timeline ${ID} --page 2`);
    expect(first).toContain(`The whole timeline: /incident export ${ID}`);

    const last = (await h.run('carol', `/incident timeline ${ID} --page 3`)).text;
    expect(rows(last)).toHaveLength(21);
    expect(rows(last)[20]).toMatch(/declared P2 moderate: 订单导出很慢/);
    expect(last).toContain('Events 101–121 of 121, newest first (page 3 of 3).');
    expect(last).not.toContain('Older events');

    expect((await h.run('carol', '/incident timeline --page 4')).text).toContain(`✗ ${ID} has 3 page(s) of events; page 4 is past the end.`);
    expect((await h.run('carol', '/incident timeline --page 0')).text).toMatch(/^✗/);
  });

  it('shows only the events of a recent window with --since', async () => {
    const h = await withNotes(90);
    const recent = (await h.run('carol', '/incident timeline --since 30m')).text;
    expect(rows(recent).map((r) => r.replace(/.*note: /, ''))).toEqual(Array.from({ length: 31 }, (_, i) => `note ${90 - i}`));
    expect(recent).toContain('Only events since 2026-11-22 11:00');
    expect(recent).not.toContain('page');
    const older = (await h.run('carol', '/incident timeline --since 2h --page 2')).text;
    expect(rows(older)[0]).toMatch(/note: note 40$/);
    expect(older).toContain('Events 51–91 of 91, newest first (page 2 of 2).');
    expect((await h.run('carol', '/incident timeline --since 5x')).text).toMatch(/^✗ "5x" is not a time window/);
  });

  it('shows a short timeline whole, without a footer', async () => {
    const h = await withNotes(2);
    const text = (await h.run('carol', '/incident timeline')).text;
    expect(rows(text)).toHaveLength(3);
    expect(text).not.toContain('newest first');
  });
});
