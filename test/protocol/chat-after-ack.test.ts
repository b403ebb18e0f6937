import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_ACK_HOLD_MS, MAX_AFTER_ACK } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { PutOptions } from '../../src/store/port.js';
import { commandBody, post } from './slack-requests.js';
import { blockText } from './slack-json.js';
import { loopbackOnly, startRig } from './slack-rig.js';
import { startDtRig } from './dingtalk-rig.js';
import { DELIVERY_RECORD } from '../../src/adapters/dingtalk/handlers.js';

/** A memory store whose delivery claims (of `kind`) wait until the test opens the gate, counting those waiting. */
class ClaimGate extends MemoryStore {
  waiting = 0;
  /** `holdFirst`: only the first so many claims wait at the gate; later ones go through. */
  constructor(
    private readonly kind: string,
    private readonly holdFirst = Number.POSITIVE_INFINITY,
  ) {
    super();
  }

  private release: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  open(): void {
    this.release();
  }

  override async putRecord<T>(kind: string, id: string, value: T, expectedVersion: number, opts?: PutOptions): Promise<number | undefined> {
    if (kind === this.kind && this.waiting++ < this.holdFirst) await this.gate;
    return super.putRecord(kind, id, value, expectedVersion, opts);
  }
}

beforeAll(loopbackOnly);
afterAll(() => nock.enableNetConnect());

describe('chat platforms under a burst', () => {
  it(`Slack: acknowledges every command at once but works on at most ${MAX_AFTER_ACK} at a time, in arrival order, and answers them all`, async () => {
    const store = new ClaimGate('slack-event');
    const r = await startRig({ store });
    try {
      const burst = MAX_AFTER_ACK + 3;
      const acks = await Promise.all(Array.from({ length: burst }, (_, i) => post(r.url, commandBody('U0ALICE', '/incident list', r.fake.responseUrl(`c${i}`)))));
      expect(acks.map((a) => a.status)).toEqual(Array(burst).fill(200));
      // every ack is back while the work of all of them is held: only the first few have started
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(store.waiting).toBe(MAX_AFTER_ACK);
      expect(r.fake.responses).toHaveLength(0);
      store.open();
      for (let i = 0; i < burst; i++) await r.fake.waitForResponse(`c${i}`);
      expect(store.waiting).toBe(burst);
      expect(r.fake.responses.map((x) => x.id).sort()).toEqual(Array.from({ length: burst }, (_, i) => `c${i}`).sort());
    } finally {
      store.open();
      await r.close();
    }
  });

  it(`Slack: deliveries stuck for ${AFTER_ACK_HOLD_MS} ms give up their turn, so quick commands behind them are answered`, async () => {
    const store = new ClaimGate('slack-event', MAX_AFTER_ACK);
    const r = await startRig({ store });
    try {
      const acks = await Promise.all(Array.from({ length: MAX_AFTER_ACK + 2 }, (_, i) => post(r.url, commandBody('U0ALICE', '/incident list', r.fake.responseUrl(`s${i}`)))));
      expect(acks.map((a) => a.status)).toEqual(Array(MAX_AFTER_ACK + 2).fill(200));
      // the first four to start hang (their claims wait at the gate); the two behind them still get their answers
      await r.fake.waitFor('two answers', () => (r.fake.responses.length >= 2 ? true : undefined));
      expect(r.fake.responses).toHaveLength(2);
      store.open();
      for (let i = 0; i < MAX_AFTER_ACK + 2; i++) await r.fake.waitForResponse(`s${i}`);
    } finally {
      store.open();
      await r.close();
    }
  });

  it('Slack: on shutdown, commands acknowledged before it began still run and are answered within the grace period; later ones are told to retry', async () => {
    const store = new ClaimGate('slack-event');
    const r = await startRig({ store });
    try {
      const burst = MAX_AFTER_ACK + 2;
      const acks = await Promise.all(Array.from({ length: burst }, (_, i) => post(r.url, commandBody('U0ALICE', '/incident list', r.fake.responseUrl(`d${i}`)))));
      expect(acks.map((a) => a.status)).toEqual(Array(burst).fill(200));
      let drained: boolean | undefined;
      const draining = r.runtime.drain(30_000).then((ok) => (drained = ok));
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(drained).toBeUndefined();
      expect((await post(r.url, commandBody('U0ALICE', '/incident list', r.fake.responseUrl('late')))).status).toBe(200);
      store.open();
      expect(await draining).toBe(true);
      for (let i = 0; i < burst; i++) expect(blockText((await r.fake.waitForResponse(`d${i}`)).body)).not.toContain('restarting');
      expect(blockText((await r.fake.waitForResponse('late')).body)).toContain('restarting');
    } finally {
      store.open();
      await r.close();
    }
  });

  it(`DingTalk: answers every frame at once but works on at most ${MAX_AFTER_ACK} at a time, and answers them all`, async () => {
    const store = new ClaimGate(DELIVERY_RECORD);
    const r = await startDtRig({ store });
    try {
      const burst = MAX_AFTER_ACK + 3;
      const frames = Array.from({ length: burst }, () => r.say('0457001', '/incident list'));
      for (const f of frames) await r.fake.waitForAck(f);
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(store.waiting).toBe(MAX_AFTER_ACK);
      expect(r.fake.calls.filter((c) => c.path.startsWith('/session/'))).toHaveLength(0);
      store.open();
      // replies go to the group's latest session webhook, so they are counted, not matched to frames
      const replies = () => r.fake.calls.filter((c) => c.path.startsWith('/session/')).length;
      await r.fake.waitFor(`${burst} replies`, () => (replies() >= burst ? true : undefined));
      expect(store.waiting).toBe(burst);
    } finally {
      store.open();
      await r.close();
    }
  });
});
