import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { StoredEvent, StreamOptions } from '../../src/store/port.js';
import { harness } from '../support/harness.js';
import { advanceMinutes, connectSlack, drain, PAGING_CONFIG } from '../support/paging.js';

const INC = 'INC-20261122-001';

/** A store that counts whole-timeline reads (`readEvents`, the kind that grows with an incident's life) and every event it hands out. */
class CountingStore extends MemoryStore {
  wholeReads = 0;
  eventsRead = 0;
  override async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    this.wholeReads++;
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

/** A bot with Slack connected on a counting store, with a P1 declared and its first page sent. */
async function declaredP1(store?: CountingStore) {
  const clock = new FakeClock(Date.parse('2026-11-22T02:00:00Z'));
  const counting = store ?? new CountingStore({ clock });
  const h = await harness({ yaml: PAGING_CONFIG, store: counting, clock });
  const slack = connectSlack(h);
  await h.run('alice', '/incident declare P1 支付回调失败');
  await drain(h);
  return { h, slack, store: counting, clock };
}

describe('paging on a long timeline', () => {
  it('/paging, /incident sev, escalation, the breach and /ack fold the paging state as the timeline streams, never reading it whole', async () => {
    const { h, slack, store } = await declaredP1();
    for (let i = 0; i < 200; i++) await h.run('alice', `/incident note 排查记录 ${i}`);
    store.wholeReads = 0;

    expect((await h.run('carol', '/paging')).text).toContain('paging, level 1');
    expect((await h.run('alice', '/incident sev P0')).text).toContain('Paging level 1–2–3 (P0 policy)');
    await drain(h);
    await advanceMinutes(h, 16);
    const ack = await h.run('zhangsan', '/ack');
    expect(ack.text).toContain('张三 acknowledged INC-20261122-001');
    expect(slack.dms().length).toBeGreaterThan(3);
    expect((await h.run('carol', '/paging')).text).toContain('acknowledged by zhangsan');
    expect(store.wholeReads).toBe(0);
  });
});

/** Appends `n` notes to the incident, straight to the store (as another replica would) or through a bot's incident service. */
async function notes(n: number, to: { store: MemoryStore } | { record: (id: string, type: string, data: Record<string, unknown>) => Promise<unknown> }, at: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    if ('store' in to) await to.store.append(INC, { type: 'incident.note', at, actor: 'bob', data: { text: `排查记录 ${i}` } });
    else await to.record(INC, 'incident.note', { text: `排查记录 ${i}` });
  }
}

describe('paging state is folded incrementally, not from the whole timeline', () => {
  it('on an incident with 5,000 events, the escalation timer, /paging and /ack read only a handful of events', async () => {
    const { h, slack, store, clock } = await declaredP1();
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
    const { h: one, store, clock } = await declaredP1();
    const two = await harness({ yaml: PAGING_CONFIG, store, clock });
    connectSlack(two);
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
