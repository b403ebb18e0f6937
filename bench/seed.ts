import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { parseConfigText } from '../src/config/load.js';
import { createApp, type App } from '../src/runtime/app.js';
import { FileStore } from '../src/store/file-store.js';
import type { Reply } from '../src/core/reply.js';
import type { NewEvent, StoredEvent, Store } from '../src/store/port.js';
import { RedisStore } from '../src/store/redis/redis-store.js';
import { SystemClock } from '../src/runtime/system-clock.js';

const DAY = 86_400_000;

/** DingTalk staff ids of the bench users (alice, bob), as `dingtalk:` maps them in BENCH_YAML. */
export const BENCH_STAFF = { alice: '0457001', bob: '0457002' } as const;

/** The users every bench app knows, with their Slack user ids and DingTalk staff ids. */
export const BENCH_YAML = `locale: en
timezone: Asia/Shanghai
users: [{ id: alice, name: Alice, roles: [responder, approver], slack: U0ALICE, dingtalk: "${BENCH_STAFF.alice}" }, { id: bob, name: Bob, roles: [responder, approver], slack: U0BOB, dingtalk: "${BENCH_STAFF.bob}" }]
`;

/** One stored incident of a synthetic history. */
export interface SeedIncident {
  id: string;
  events: StoredEvent[];
}

const histories = new Map<string, SeedIncident[]>();

function stamp(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * A year's worth of incidents: `n` incidents, each declared, noted and resolved within the hour,
 * spread evenly over the year up to 8 days ago, then `open` ones declared in the last day and still
 * open. So `/incident list` (open, and resolved in the last 7 days) shows the same `open` rows
 * whatever `n` is, and any growth with `n` is the store's. Only the newest was declared in the
 * channel `bench` (where `run` sends commands), so checks there are recorded on it as evidence.
 */
export function history(n: number, open = Math.min(10, n)): SeedIncident[] {
  // the same history for the whole run, so ids taken from it match a store seeded earlier
  const key = `${n}/${open}`;
  const known = histories.get(key);
  if (known) return known;
  const now = Date.now();
  const perDay = new Map<string, number>();
  const out: SeedIncident[] = [];
  for (let i = 0; i < n; i++) {
    const isOpen = i >= n - open;
    const at = isOpen ? now - DAY + (i - (n - open)) * 60_000 : now - 365 * DAY + Math.floor(((i + 1) * 357 * DAY) / (n + 1));
    const day = stamp(at);
    const k = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, k);
    const id = `INC-${day}-${String(k).padStart(3, '0')}`;
    const ev = (seq: number, type: string, dt: number, data: Record<string, unknown>): StoredEvent => ({ incidentId: id, seq, type, at: at + dt, actor: 'alice', data });
    const events = [
      ev(1, 'incident.declared', 0, { severity: 'P2', title: `checkout latency ${i}`, commander: 'alice', channel: 'C0INC', platform: 'console' }),
      ev(2, 'incident.note', 60_000, { text: `rolled back release ${i}` }),
    ];
    if (!isOpen) events.push(ev(3, 'incident.resolved', 3_600_000, { summary: 'rolled back' }));
    out.push({ id, events });
  }
  histories.set(key, out);
  return out;
}

/** One incident with `n` events: a declaration, then notes (for the export bench). */
export function* longTimeline(id: string, n: number): Generator<StoredEvent> {
  const start = Date.now() - 30 * DAY;
  yield { incidentId: id, seq: 1, type: 'incident.declared', at: start, actor: 'alice', data: { severity: 'P1', title: 'a very long incident', commander: 'alice', channel: 'C0INC', platform: 'console' } };
  for (let seq = 2; seq <= n; seq++) yield { incidentId: id, seq, type: 'incident.note', at: start + seq * 1000, actor: seq % 2 ? 'alice' : 'bob', data: { text: `note ${seq}: checked the payment callback log, still seeing signature errors from the gateway` } };
}

/**
 * Writes timelines straight into a file store's data folder (its documented layout: one JSON
 * event per line in `incidents/<id>.jsonl`), without fsync, so seeding is fast; opening the store
 * afterwards builds its index from them.
 */
export function seedFolder(dir: string, incidents: Iterable<{ id: string; events: Iterable<StoredEvent> }>): void {
  mkdirSync(join(dir, 'incidents'), { recursive: true });
  for (const inc of incidents) {
    const fd = openSync(join(dir, 'incidents', `${inc.id}.jsonl`), 'w');
    let buf = '';
    for (const e of inc.events) {
      buf += `${JSON.stringify(e)}\n`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
    closeSync(fd);
  }
}

const seeded = new Map<number, string>();

/**
 * A file store holding `history(size)`: seeded and indexed once per run (building the index of
 * 10,000 incidents takes a while), then reopened by every bench that asks for that size.
 */
export async function fileStoreOfSize(size: number): Promise<{ store: Store; dir: string }> {
  const dir = seeded.get(size);
  if (dir) return { store: await FileStore.open({ dir, clock: new SystemClock() }), dir };
  const made = await fileStoreWith(history(size));
  seeded.set(size, made.dir);
  return made;
}

/** A file store in a fresh temp folder holding `incidents`. */
export async function fileStoreWith(incidents: Iterable<{ id: string; events: Iterable<StoredEvent> }>): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'zhiban-bench-store-'));
  seedFolder(dir, incidents);
  return { store: await FileStore.open({ dir, clock: new SystemClock() }), dir };
}

/** A redis-server of our own in a temp folder (AOF, `appendfsync always`: zhiban's durable setup). */
export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Starts redis-server on a free port, or resolves undefined when there is no redis-server. */
export async function startRedis(): Promise<LocalRedis | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'zhiban-bench-redis-'));
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', resolve);
    });
  } catch {
    return undefined;
  }
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      break;
    } catch {
      r.disconnect();
      await delay(50);
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A Redis store under a fresh key prefix holding `incidents`: timelines pushed straight into the
 * store's key layout (store/redis/keys.ts) with AOF fsync relaxed while seeding, then the index
 * rebuilt by the store itself and `appendfsync always` restored.
 */
export async function redisStoreWith(url: string, incidents: Iterable<{ id: string; events: Iterable<StoredEvent> }>): Promise<{ store: Store; prefix: string }> {
  const prefix = `bench${Math.random().toString(36).slice(2, 8)}:`;
  const r = new Redis(url);
  await r.config('SET', 'appendfsync', 'no');
  let pipe = r.pipeline();
  let queued = 0;
  for (const inc of incidents) {
    pipe.zadd(`${prefix}incidents`, 0, inc.id);
    for (const e of inc.events) {
      pipe.rpush(`${prefix}incident:${inc.id}`, JSON.stringify(e));
      if (++queued % 5000 === 0) {
        await pipe.exec();
        pipe = r.pipeline();
      }
    }
  }
  await pipe.exec();
  const store = await RedisStore.open({ url, prefix, timeoutMs: 10_000 });
  await store.rebuildIndex();
  await r.config('SET', 'appendfsync', 'always');
  r.disconnect();
  return { store, prefix };
}

/** One kind of store a bench runs on, and how to make one holding some incidents. */
export interface Kind {
  name: 'file' | 'redis';
  /** A store holding `incidents`; with `size`, they are `history(size)` (a file store may then reuse one seeded earlier in the run). */
  make(incidents: Iterable<{ id: string; events: Iterable<NewEvent & { incidentId: string; seq: number }> }>, size?: number): Promise<{ store: Store; config: string; dataDir: string }>;
}

/** The file store, and the Redis store on `redis` when there is one; `config` is the YAML that points zhiban at the store. */
export function storeKinds(redis: LocalRedis | undefined): Kind[] {
  const file: Kind = {
    name: 'file',
    async make(incidents, size) {
      if (size !== undefined) {
        const { store, dir } = await fileStoreOfSize(size);
        return { store, dataDir: dir, config: `dataDir: ${dir}\n` };
      }
      const { store, dir } = await fileStoreWith(incidents);
      return { store, dataDir: dir, config: `dataDir: ${dir}\n` };
    },
  };
  if (!redis) return [file];
  const viaRedis: Kind = {
    name: 'redis',
    async make(incidents) {
      const { store, prefix } = await redisStoreWith(redis.url, incidents);
      const dataDir = mkdtempSync(join(tmpdir(), 'zhiban-bench-redis-data-'));
      return { store, dataDir, config: `dataDir: ${dataDir}\nstore: { kind: redis, url: '${redis.url}', prefix: '${prefix}' }\n` };
    },
  };
  return [file, viaRedis];
}

/** A zhiban app (no chat platform) over `store`, with `extraYaml` appended to the bench config; its log lines are dropped. */
export async function appOver(store: Store, extraYaml = ''): Promise<App> {
  const { config, secrets } = parseConfigText(`${BENCH_YAML}${extraYaml}`, 'bench', {});
  return createApp({ config, secrets, store, logSink: () => undefined });
}

/** Runs one command line as alice on the console platform in channel `bench` (where the seeded incidents were declared); throws when it was refused. */
export async function run(app: App, text: string): Promise<Reply> {
  const reply = await app.dispatcher.dispatch({ platform: 'console', actor: { platformId: 'alice' }, channel: 'bench', text });
  if (!reply.ok) throw new Error(`${text} failed: ${JSON.stringify(reply).slice(0, 400)}`);
  return reply;
}
