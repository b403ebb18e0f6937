import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../src/core/logger.js';
import { StoreCorruptionError, StoreUnavailableError, type NewEvent } from '../../src/store/port.js';
import { StoreStartError } from '../../src/store/redis/start-error.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { freePort, RedisServer } from '../support/redis-server.js';

const servers: RedisServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.stop())));

/** A logger that keeps `level msg fields` lines. */
function recordingLogger(lines: string[]): Logger {
  const write = (level: string) => (msg: string, fields?: LogFields) => lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: () => logger };
  return logger;
}

const note = (n: number): NewEvent => ({ type: 'note', at: 1_700_000_000_000 + n, actor: 'alice', data: { n } });

/** Retries `op` until it resolves (the store reconnects by itself); gives up with the last error. */
async function eventually<T>(op: () => Promise<T>, tries = 100): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('RedisStore when Redis fails', () => {
  it('refuses to start when Redis cannot be reached, naming the URL without its password', async () => {
    const port = await freePort();
    const failure = await RedisStore.open({ url: `redis://ops:s3cr3t-pw@127.0.0.1:${port}/0`, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreStartError);
    expect((failure as Error).message).toContain(`redis://ops:***@127.0.0.1:${port}/0`);
    expect((failure as Error).message).not.toContain('s3cr3t');
  });

  it('keeps an acknowledged append through kill -9 and an AOF restart, answers "unavailable" while down and recovers by itself', async () => {
    const server = await RedisServer.start();
    servers.push(server);
    const logs: string[] = [];
    const store = await RedisStore.open({ url: server.url, timeoutMs: 10_000, logger: recordingLogger(logs) });
    await store.createIncident('INC-1', { ...note(0), type: 'incident.declared' });
    const acked = await store.append('INC-1', note(1));

    await server.kill('SIGKILL');
    const down = await store.append('INC-1', note(2)).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(StoreUnavailableError);
    expect((down as StoreUnavailableError).unconfirmed).toBe(false);
    await expect(store.readEvents('INC-1')).rejects.toThrow(StoreUnavailableError);

    await server.start();
    const after = await eventually(() => store.append('INC-1', note(3)));
    const events = (await store.readEvents('INC-1'))!;
    expect(events).toContainEqual(acked);
    expect(events.map((e) => e.data.n)).toEqual([0, 1, 3]);
    expect(after.seq).toBe(3);
    expect(logs.some((l) => l.startsWith('warn redis store unreachable'))).toBe(true);
    expect(logs.some((l) => l.startsWith('info redis store reachable again'))).toBe(true);
    await store.close();
  });

  it('warns loudly at start-up when the server could lose acknowledged writes, and not when it fsyncs every write', async () => {
    const lax = await RedisServer.start(['--appendfsync', 'everysec']);
    servers.push(lax);
    const logs: string[] = [];
    await (await RedisStore.open({ url: lax.url, timeoutMs: 10_000, logger: recordingLogger(logs) })).close();
    expect(logs.find((l) => l.includes('DURABILITY WARNING'))).toContain('appendfsync everysec');

    const strict = await RedisServer.start();
    servers.push(strict);
    const quiet: string[] = [];
    await (await RedisStore.open({ url: strict.url, timeoutMs: 10_000, logger: recordingLogger(quiet) })).close();
    expect(quiet.filter((l) => l.includes('DURABILITY'))).toEqual([]);
  });

  it('with waitReplicas and no replica, reports a write as unconfirmed instead of done', async () => {
    const server = await RedisServer.start();
    servers.push(server);
    const store = await RedisStore.open({ url: server.url, timeoutMs: 1000, waitReplicas: 1 });
    const failure = await store.putRecord('approval', 'A1', { state: 'pending' }, 0).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as StoreUnavailableError).unconfirmed).toBe(true);
    await store.close();
  });

  it('shows a timeline damaged inside Redis as damaged, where it is, and keeps serving the other incidents', async () => {
    const server = await RedisServer.start();
    servers.push(server);
    const store = await RedisStore.open({ url: server.url, prefix: 'dmg:', timeoutMs: 1000 });
    const declared = (title: string): NewEvent => ({ ...note(0), type: 'incident.declared', data: { severity: 'P1', title, commander: 'alice', channel: 'C1', platform: 'console' } });
    await store.createIncident('INC-1', declared('one'));
    await store.createIncident('INC-2', declared('two'));
    const raw = new Redis(server.url);
    await raw.rpush('dmg:incident:INC-1', 'not json');
    raw.disconnect();
    expect((await store.readSummary('INC-1'))!.damaged).toEqual({ where: 'dmg:incident:INC-1[1]', detail: 'not valid JSON' });
    await expect(store.readEvents('INC-1')).rejects.toThrow(StoreCorruptionError);
    expect((await store.listSummaries()).map((s) => s.id)).toEqual(['INC-1', 'INC-2']);
    expect((await store.readSummary('INC-2'))!.incident).toMatchObject({ title: 'two', status: 'investigating' });
    expect(await store.rebuildIndex()).toEqual({ incidents: 2, open: 2, damaged: ['INC-1'] });
    await store.close();
  });
});
