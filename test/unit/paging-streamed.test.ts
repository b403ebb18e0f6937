import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { StoredEvent } from '../../src/store/port.js';
import { harness } from '../support/harness.js';
import { advanceMinutes, connectSlack, drain, PAGING_CONFIG } from '../support/paging.js';

/** A store that counts whole-timeline reads (`readEvents`), the kind that grows with an incident's life. */
class CountingStore extends MemoryStore {
  wholeReads = 0;
  override async readEvents(id: string): Promise<StoredEvent[] | undefined> {
    this.wholeReads++;
    return super.readEvents(id);
  }
}

describe('paging on a long timeline', () => {
  it('/paging, /incident sev, escalation, the breach and /ack fold the paging state as the timeline streams, never reading it whole', async () => {
    const clock = new FakeClock(Date.parse('2026-11-22T02:00:00Z'));
    const store = new CountingStore({ clock });
    const h = await harness({ yaml: PAGING_CONFIG, store, clock });
    const slack = connectSlack(h);
    await h.run('alice', '/incident declare P1 支付回调失败');
    await drain(h);
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
