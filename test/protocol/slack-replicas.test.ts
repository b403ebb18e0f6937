import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_RECORD } from '../../src/adapters/slack/listeners.js';
import { FakeClock } from '../../src/core/clock.js';
import { FileStore } from '../../src/store/file-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/port.js';
import { FakeSlack } from './fake-slack.js';
import { blockText } from './slack-json.js';
import { mentionPayload, post } from './slack-requests.js';
import { loopbackOnly, startRig, type Rig } from './slack-rig.js';

const INC = 'INC-20261122-001';
let fake: FakeSlack;
let dir: string;
let clock: FakeClock;
let rigs: Rig[] = [];
let stores: Store[] = [];

/** One zhiban replica: the Slack adapter over its own FileStore on the shared data folder, talking to the shared fake Slack. */
async function replica(): Promise<Rig> {
  const store = await FileStore.open({ dir, clock });
  stores.push(store);
  const r = await startRig({ store, clock, fake });
  rigs.push(r);
  return r;
}

/** Delivers the Events API callback of `@zhiban <text>` with `eventId` to one replica, as Slack (re)tries it. */
async function deliver(r: Rig, eventId: string, text: string, retry?: number): Promise<void> {
  const body = JSON.stringify(mentionPayload('U0ALICE', `<@UBOT> ${text}`, eventId, { ts: '1700000900.000100' }));
  const headers: Record<string, string> = retry ? { 'X-Slack-Retry-Num': String(retry), 'X-Slack-Retry-Reason': 'http_timeout' } : {};
  expect((await post(r.url, body, { contentType: 'application/json', headers })).status).toBe(200);
}

beforeAll(loopbackOnly);
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  fake = await FakeSlack.start();
  dir = await mkdtemp(join(tmpdir(), 'zhiban-slack-replicas-'));
  clock = new FakeClock('2026-11-22T02:00:00.000Z');
});
afterEach(async () => {
  await Promise.all(rigs.map((r) => r.close()));
  await Promise.all(stores.map((s) => s.close()));
  rigs = [];
  stores = [];
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a Slack event delivered more than once is run once, across replicas and restarts', () => {
  it('two replicas receiving the same app_mention at once declare one incident and answer once', async () => {
    const [one, two] = [await replica(), await replica()];
    await Promise.all([deliver(one, 'EvDup0001', 'incident declare P1 支付回调失败'), deliver(two, 'EvDup0001', 'incident declare P1 支付回调失败', 1)]);
    await Promise.all([one.adapter.idle(), two.adapter.idle()]);
    expect(await stores[0]!.listIncidents()).toEqual([INC]);
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect([...one.h.logs, ...two.h.logs].join('')).toContain('retry skipped');
    expect((await stores[0]!.listRecords(EVENT_RECORD)).map((r) => r.id)).toEqual(['EvDup0001']);
  });

  it('a retry arriving after a restart is skipped; a new event still runs, also with an id that is not a store name', async () => {
    const first = await replica();
    await deliver(first, 'EvDup0002', 'incident declare P2 订单导出很慢');
    await first.adapter.idle();
    await first.close();
    rigs = [];

    const again = await replica();
    await deliver(again, 'EvDup0002', 'incident declare P2 订单导出很慢', 1);
    await again.adapter.idle();
    expect(await again.h.store.listIncidents()).toEqual([INC]);
    expect(again.h.logs.join('')).toContain('retry skipped');
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(1);

    await deliver(again, 'Ev/../odd id', 'incident list');
    await deliver(again, 'Ev/../odd id', 'incident list', 1);
    await again.adapter.idle();
    const listed = fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === '1700000900.000100' && JSON.stringify(c.params).includes(INC));
    expect(listed).toHaveLength(1);
  });

  it('runs nothing and tells the asker a reference when the event cannot be claimed in the store', async () => {
    const store = new (class extends MemoryStore {
      override async putRecord<T>(kind: string, id: string, value: T, expected: number): Promise<number | undefined> {
        if (kind === EVENT_RECORD) throw new Error('disk full');
        return super.putRecord(kind, id, value, expected);
      }
    })();
    const r = await startRig({ store, clock, fake });
    rigs.push(r);
    await deliver(r, 'EvDup0003', 'incident declare P1 store down');
    await r.adapter.idle();
    expect(await store.listIncidents()).toEqual([]);
    const [notice] = fake.callsTo('chat.postEphemeral');
    expect(notice!.params).toMatchObject({ channel: 'C0OPS', user: 'U0ALICE' });
    const ref = /reference ([0-9a-f]{8})/.exec(blockText(notice!.params))?.[1];
    expect(r.h.logs.find((l) => l.includes('could not be claimed'))).toContain(`"ref":"${ref}"`);
  });
});
