import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { StoredEvent, StreamOptions } from '../../src/store/port.js';
import { harness } from '../support/harness.js';
import { advanceMinutes, connectSlack, drain, PAGING_CONFIG } from '../support/paging.js';

const INC = 'INC-20261122-001';

/** A store that counts the events it hands out, however they are read (streamed or whole). */
class CountingStore extends MemoryStore {
  eventsRead = 0;
  override async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    const events = await super.readEvents(id);
    this.eventsRead += events?.length ?? 0;
    return events;
  }
  override async *streamEvents(id: string, opts?: StreamOptions): AsyncGenerator<StoredEvent> {
    for await (const e of super.streamEvents(id, opts)) {
      this.eventsRead++;
      yield e;
    }
  }
}

/** Appends `n` notes to the incident, straight to the store (as another replica would) or through a bot's incident service. */
async function notes(n: number, to: { store: MemoryStore } | { record: (id: string, type: string, data: Record<string, unknown>) => Promise<unknown> }, at: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    if ('store' in to) await to.store.append(INC, { type: 'incident.note', at, actor: 'bob', data: { text: `排查记录 ${i}` } });
    else await to.record(INC, 'incident.note', { text: `排查记录 ${i}` });
  }
}

describe('paging state is folded incrementally, not from the whole timeline', () => {
  it('on an incident with 5,000 events, the escalation timer, /paging and /ack read only a handful of events', async () => {
    const clock = new FakeClock(Date.parse('2026-11-22T02:00:00Z'));
    const store = new CountingStore({ clock });
    const h = await harness({ yaml: PAGING_CONFIG, store, clock });
    const slack = connectSlack(h);
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
    const incidents = h.app.services.incidents;
    await notes(5_000, { record: (id, type, data) => incidents.record('bob', id, type, data) }, clock.now());
    store.eventsRead = 0;

    await advanceMinutes(h, 16);
    expect(slack.dms()).toContain('U01LS');
    expect((await h.run('carol', '/paging')).text).toContain('paging, level 2');
    const ack = await h.run('zhangsan', '/ack');
    expect(ack.text).toContain('张三 acknowledged INC-20261122-001');
    expect((await h.run('carol', '/paging')).text).toContain('acknowledged by zhangsan');
    expect(store.eventsRead).toBeLessThan(50);
    await h.app.close();
  });

  it('a second replica folds only the tail another replica appended, and sees its ack; a restarted one folds the whole timeline once', async () => {
    const clock = new FakeClock(Date.parse('2026-11-22T02:00:00Z'));
    const store = new CountingStore({ clock });
    const one = await harness({ yaml: PAGING_CONFIG, store, clock });
    const two = await harness({ yaml: PAGING_CONFIG, store, clock });
    connectSlack(one);
    connectSlack(two);
    await one.run('alice', '/incident declare P1 支付回调失败');
    await drain(one);
    expect((await two.run('carol', '/paging')).text).toContain('paging, level 1');

    // The first replica writes 3,000 notes and the ack; the second knew the incident up to before them.
    await notes(3_000, { store }, clock.now());
    expect((await one.run('zhangsan', '/ack')).text).toContain('张三 acknowledged');
    store.eventsRead = 0;
    expect((await two.run('carol', '/paging')).text).toContain('acknowledged by zhangsan');
    const tail = store.eventsRead;
    expect(tail).toBeGreaterThanOrEqual(3_000);
    expect(tail).toBeLessThan(3_050);

    store.eventsRead = 0;
    await advanceMinutes(two, 16);
    expect((await two.run('zhangsan', '/ack')).text).toContain('already acknowledged');
    expect(store.eventsRead).toBeLessThan(20);

    // A restart (a new bot on the same store) has no folded state: its first read folds the whole timeline once, the next ones nothing.
    const three = await harness({ yaml: PAGING_CONFIG, store, clock });
    store.eventsRead = 0;
    expect((await three.run('carol', '/paging')).text).toContain('acknowledged by zhangsan');
    expect(store.eventsRead).toBeGreaterThan(3_000);
    store.eventsRead = 0;
    expect((await three.run('carol', '/paging')).text).toContain('acknowledged by zhangsan');
    expect(store.eventsRead).toBe(0);
    for (const h of [one, two, three]) await h.app.close();
  });
});
