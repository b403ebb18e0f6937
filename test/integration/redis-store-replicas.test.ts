import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { RedisServer } from '../support/redis-server.js';
import { ReplicaProcess } from '../support/replica-process.js';

const T0 = Date.parse('2026-11-22T02:00:00.000Z');
const INC = 'INC-20261122-001';
let server: RedisServer;
let replicas: ReplicaProcess[] = [];
let store: RedisStore;

beforeAll(async () => {
  server = await RedisServer.start();
  store = await RedisStore.open({ url: server.url, prefix: 'replicas:', timeoutMs: 10_000 });
  replicas = await Promise.all(['r1', 'r2', 'r3'].map((id) => ReplicaProcess.start(server.url, 'replicas:', id)));
}, 120_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill()));
  await store.close();
  await server.stop();
});

/** How many events of `type` the incident's timeline holds. */
async function count(type: string): Promise<number> {
  return (await store.readEvents(INC))!.filter((e) => e.type === type).length;
}

describe('three zhiban processes on one Redis', () => {
  it('100 concurrent Approve clicks spread over the replicas run the action once', async () => {
    const [one] = replicas as [ReplicaProcess];
    expect((await one.send({ op: 'run', user: 'alice', text: '/incident declare P1 shared' })).ok).toBe(true);
    const req = (await one.send({ op: 'request', user: 'alice', incident: INC, what: 'backend' })).text!;
    const clicks = await Promise.all(
      Array.from({ length: 100 }, (_, i) => replicas[i % 3]!.send({ op: 'run', user: i % 2 ? 'bob' : 'dan', text: `/approve ${req}` })),
    );
    expect(clicks.filter((c) => c.error)).toEqual([]);
    const calls = await Promise.all(replicas.map((r) => r.send({ op: 'calls' })));
    expect(calls.reduce((n, c) => n + c.calls!, 0)).toBe(1);
    expect(clicks.filter((c) => c.text!.includes('executed — poked backend'))).toHaveLength(1);
    expect(await count('action.executed')).toBe(1);
  });

  it('a due expiry timer is fired by exactly one replica', async () => {
    await replicas[1]!.send({ op: 'request', user: 'alice', incident: INC, what: 'later' });
    const now = T0 + 11 * 60_000;
    // Every timer due by then (the new expiry, and any left by the clicks above) is fired once in all, not once per replica.
    const due = (await store.listTimers()).filter((t) => t.dueAt <= now).length;
    const fired = await Promise.all(replicas.map((r) => r.send({ op: 'tick', now })));
    expect(fired.reduce((n, f) => n + f.fired!, 0)).toBe(due);
    expect((await store.listTimers()).filter((t) => t.dueAt <= now)).toEqual([]);
    expect(await count('action.expired')).toBe(1);
  });

  it('a replica SIGKILLed while it holds a timer lease: another fires the timer after the lease, once', async () => {
    await replicas[0]!.send({ op: 'request', user: 'alice', incident: INC, what: 'orphan' });
    const due = T0 + 30 * 60_000;
    const victim = replicas[2]!;
    expect((await victim.send({ op: 'claim', now: due, leaseMs: 60_000 })).claimed).toHaveLength(1);
    await victim.kill('SIGKILL');
    const survivors = replicas.slice(0, 2);
    const early = await Promise.all(survivors.map((r) => r.send({ op: 'tick', now: due + 59_999 })));
    expect(early.map((f) => f.fired)).toEqual([0, 0]);
    const late = await Promise.all(survivors.map((r) => r.send({ op: 'tick', now: due + 60_000 })));
    expect(late.reduce((n, f) => n + f.fired!, 0)).toBe(1);
    expect(await count('action.expired')).toBe(2);
    expect(survivors.map((r) => r.stderr)).toEqual(['', '']);
  });
});
