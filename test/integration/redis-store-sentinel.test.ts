import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError, type NewEvent } from '../../src/store/port.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { freePort, RedisServer, waitForPong } from '../support/redis-server.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** Starts a Sentinel (`redis-server --sentinel`) watching `primary` as `mymaster`, quorum 1, quick to fail over. */
async function startSentinel(primary: RedisServer): Promise<number> {
  const port = await freePort();
  const conf = join(primary.dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `sentinel monitor mymaster 127.0.0.1 ${primary.port} 1`,
      'sentinel down-after-milliseconds mymaster 1000',
      'sentinel failover-timeout mymaster 5000',
      '',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn('redis-server', [conf, '--sentinel', '--logfile', join(primary.dir, 'sentinel.log')], { stdio: 'ignore' });
  cleanup.push(async () => proc.kill('SIGKILL'));
  await waitForPong(port);
  return port;
}

/**
 * Retries `op` while the store answers "unavailable, nothing was recorded" (it reconnects by
 * itself); an unconfirmed write is not retried (it may have happened).
 */
async function eventually<T>(op: () => Promise<T>, tries = 300): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (err) {
      if (i >= tries || !(err instanceof StoreUnavailableError) || err.unconfirmed) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Resolves once `server`'s INFO replication contains `text` (a replica in sync, a primary with a replica online). */
async function replication(server: RedisServer, text: string): Promise<void> {
  const client = new Redis(server.url);
  try {
    while (!(await client.info('replication')).includes(text)) await new Promise((r) => setTimeout(r, 100));
  } finally {
    client.disconnect();
  }
}

const note = (n: number): NewEvent => ({ type: 'note', at: 1_700_000_000_000 + n, actor: 'alice', data: { n } });

describe('RedisStore behind Sentinel', () => {
  it('after the primary is killed, reconnects to the promoted replica and keeps serving; no acknowledged write is lost with waitReplicas 1', async () => {
    const primary = await RedisServer.start();
    cleanup.push(() => primary.stop());
    const replica = await RedisServer.start(['--replicaof', '127.0.0.1', String(primary.port)]);
    cleanup.push(() => replica.stop());
    await replication(replica, 'master_link_status:up');
    const sentinel = await startSentinel(primary);
    const store = await eventually(() => RedisStore.open({ sentinels: [{ host: '127.0.0.1', port: sentinel }], name: 'mymaster', waitReplicas: 1, timeoutMs: 5000 }));
    cleanup.push(() => store.close());

    const acked = [(await store.createIncident('INC-1', { ...note(0), type: 'incident.declared' }))!];
    for (let n = 1; n <= 5; n++) acked.push(await store.append('INC-1', note(n)));

    await primary.kill('SIGKILL');
    expect(await eventually(() => store.readEvents('INC-1'))).toEqual(acked);

    await primary.start();
    await replication(replica, 'state=online');
    const after = await eventually(() => store.append('INC-1', note(6)));
    expect(after.seq).toBe(7);
    expect(await store.readEvents('INC-1')).toEqual([...acked, after]);
    expect(store.info().location).toBe(`sentinel mymaster at 127.0.0.1:${sentinel}`);
  }, 90_000);
});
