import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { IncidentService } from '../../src/core/incidents/service.js';
import { Directory } from '../../src/core/users.js';
import { Redactor } from '../../src/core/redact.js';
import { ReviewService, type ExportFormat } from '../../src/review/service.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { StoredEvent } from '../../src/store/port.js';
import { storeEvents } from '../../src/review/source.js';

const ID = 'INC-20261122-001';
const TOTAL = 100_000;

/** A synthetic timeline produced lazily; `produced` says how far the reader has pulled it. */
function synthetic(): { source: () => AsyncIterable<StoredEvent>; produced: () => number } {
  let produced = 0;
  const start = Date.parse('2026-11-22T02:00:00Z');
  return {
    produced: () => produced,
    source: async function* () {
      produced = 0;
      for (let seq = 1; seq <= TOTAL; seq++) {
        produced = seq;
        yield seq === 1
          ? { incidentId: ID, seq, type: 'incident.declared', at: start, actor: 'alice', data: { severity: 'P1', title: 'load', commander: 'alice', channel: 'C1', platform: 'console' } }
          : { incidentId: ID, seq, type: 'incident.note', at: start + seq * 1000, actor: 'bob', data: { text: `note ${seq} password=hunter2-${seq}` } };
      }
    },
  };
}

async function service(source: () => AsyncIterable<StoredEvent>): Promise<ReviewService> {
  const clock = new FakeClock('2026-11-23T00:00:00Z');
  const store = new MemoryStore();
  await store.createIncident(ID, { type: 'incident.declared', at: clock.now(), actor: 'alice', data: {} });
  const incidents = new IncidentService(store, clock, new Directory([], ['viewer']), 'UTC');
  return new ReviewService({ store, incidents, events: source, clock, redactor: new Redactor() });
}

describe('exporting a 100,000-event timeline streams', () => {
  for (const format of ['md', 'json'] as ExportFormat[]) {
    it(`${format}: the writer receives bounded chunks while the timeline is still being read`, async () => {
      const { source, produced } = synthetic();
      const reviews = await service(source);
      const seenAt: number[] = [];
      let largest = 0;
      let total = 0;
      let rows = 0;
      await reviews.export(ID, format, { locale: 'en', timeZone: 'Asia/Shanghai' }, (chunk) => {
        seenAt.push(produced());
        largest = Math.max(largest, chunk.length);
        total += chunk.length;
        rows += chunk.split('note ').length - 1;
        expect(chunk).not.toContain('hunter2');
      });
      expect(rows).toBe(TOTAL - 1);
      // Chunks reached the writer throughout the second pass, not all at its end …
      const during = seenAt.filter((p) => p < TOTAL);
      expect(during.length).toBeGreaterThan(100);
      // … and none of them is more than a sliver of the whole export.
      expect(largest).toBeLessThan(total / 100);
    });
  }
});

describe('the review reads the store as a stream', () => {
  /** A store on which reading a whole timeline at once fails: only streamEvents works. */
  class StreamOnlyStore extends MemoryStore {
    override readEvents(): Promise<StoredEvent[] | undefined> {
      throw new Error('readEvents: the whole timeline in memory');
    }
  }

  it('exports every event of a stored timeline without reading the timeline whole', async () => {
    const clock = new FakeClock('2026-11-23T00:00:00Z');
    const store = new StreamOnlyStore();
    await store.createIncident(ID, { type: 'incident.declared', at: clock.now(), actor: 'alice', data: { severity: 'P1', title: 'load', commander: 'alice', channel: 'C1', platform: 'console' } });
    for (let i = 2; i <= 1_200; i++) await store.append(ID, { type: 'incident.note', at: clock.now() + i, actor: 'bob', data: { text: `note ${i}` } });
    const incidents = new IncidentService(store, clock, new Directory([], ['viewer']), 'UTC');
    const reviews = new ReviewService({ store, incidents, events: storeEvents(store), clock, redactor: new Redactor() });
    let json = '';
    await reviews.export(ID, 'json', { locale: 'en', timeZone: 'UTC' }, (chunk) => {
      json += chunk;
    });
    const events = (JSON.parse(json) as { events: Array<{ seq: number }> }).events;
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 1_200 }, (_, i) => i + 1));
  });

  it('yields nothing for an incident that does not exist', async () => {
    const seen: StoredEvent[] = [];
    for await (const e of storeEvents(new MemoryStore())(ID)) seen.push(e);
    expect(seen).toEqual([]);
  });
});
