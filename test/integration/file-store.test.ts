import { spawn, spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { FileStore } from '../../src/store/file-store.js';
import { REPAIRED_EVENT, StoreCorruptionError, type NewEvent, type StoredEvent } from '../../src/store/port.js';
import { storeContract } from '../contract/store-contract.js';

storeContract('FileStore', async () => {
  const root = await mkdtemp(join(tmpdir(), 'zhiban-store-'));
  const dir = join(root, 'data');
  const clock = new FakeClock();
  return {
    store: await FileStore.open({ dir, clock }),
    reopen: () => FileStore.open({ dir, clock }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}, { durable: true });

/** A new event whose `data.n` is `n`. */
function ev(n: number, actor = 'U1'): NewEvent {
  return { type: 'note', at: 1_000 + n, actor, data: { n } };
}

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

/** Appends `count` events from a separate Node process, started together with the caller's own appends. */
async function appendFromChildProcess(dir: string, count: number, alongside: () => Promise<unknown>): Promise<number[]> {
  const script = `
    const [modulePath, dir, count] = process.argv.slice(1);
    const { FileStore } = await import(modulePath);
    const store = await FileStore.open({ dir, clock: { now: () => 0 } });
    process.stdout.write('ready\\n');
    process.stdin.once('data', async () => {
      const appends = Array.from({ length: Number(count) }, (_, n) =>
        store.append('INC-1', { type: 'note', at: n, actor: 'child', data: { n } }));
      const stored = await Promise.all(appends);
      await store.close();
      process.stdout.write(JSON.stringify(stored.map((e) => e.seq)) + '\\n');
    });`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, fileURLToPath(new URL('../../src/store/file-store.ts', import.meta.url)), dir, String(count)],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  expect((await lines.next()).value).toBe('ready');
  child.stdin.end('go\n');
  const [childResult] = await Promise.all([lines.next(), alongside()]);
  return JSON.parse(String(childResult.value)) as number[];
}

describe('FileStore on disk', () => {
  let root: string;
  let dir: string;
  let clock: FakeClock;
  let opened: FileStore[];

  const logPath = (id: string) => join(dir, 'incidents', `${id}.jsonl`);

  async function openStore(): Promise<FileStore> {
    const store = await FileStore.open({ dir, clock });
    opened.push(store);
    return store;
  }

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'zhiban-filestore-'));
    dir = join(root, 'data');
    clock = new FakeClock();
    opened = [];
  });

  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await rm(root, { recursive: true, force: true });
  });

  it('keeps one JSON event per line, one file per record, and reports its folder', async () => {
    const store = await openStore();
    expect(store.info()).toEqual({ kind: 'file', location: dir });
    const events = [(await store.createIncident('INC-1', ev(1)))!, await store.append('INC-1', ev(2))];
    await store.putRecord('approval', 'A1', { state: 'pending' }, 0);
    await store.scheduleTimer({ id: 't1', dueAt: 5, kind: 'escalate', payload: {} });
    const lines = (await readFile(logPath('INC-1'), 'utf8')).split('\n');
    expect(lines).toEqual([...events.map((e) => JSON.stringify(e)), '']);
    expect(await filesUnder(dir)).toEqual(['incidents/INC-1.jsonl', 'index/ids/_INC-/INC-1', 'records/approval/A1.json', 'timers.json']);
  });

  it('finds the last seq behind events far larger than one read-back chunk', async () => {
    const store = await openStore();
    const big = (n: number): NewEvent => ({ ...ev(n), data: { n, log: '值班日志 '.repeat(5_000 * n) } });
    await store.createIncident('INC-1', big(1));
    await store.append('INC-1', big(2));
    expect((await store.append('INC-1', ev(3))).seq).toBe(3);
    expect((await store.append('INC-1', big(1))).seq).toBe(4);
    expect((await (await openStore()).readEvents('INC-1'))!.map((e) => e.data.n)).toEqual([1, 2, 3, 1]);
  });

  describe('a torn last line (crash mid-write)', () => {
    it('is set aside byte for byte, recorded as an event, and the log carries on', async () => {
      const store = await openStore();
      const before = [(await store.createIncident('INC-1', ev(1)))!, await store.append('INC-1', ev(2))];
      const intact = await readFile(logPath('INC-1'));
      const whole = Buffer.from(JSON.stringify({ incidentId: 'INC-1', seq: 3, type: 'note', at: 3, actor: 'U1', data: { text: '支付回调' } }));
      const torn = whole.subarray(0, whole.indexOf('回') + 1);
      await appendFile(logPath('INC-1'), torn);
      clock.advance(60_000);

      const events = (await store.readEvents('INC-1'))!;

      const savedTo = `incidents/INC-1.jsonl.torn-${clock.now()}`;
      expect(events).toEqual([
        ...before,
        { incidentId: 'INC-1', seq: 3, type: REPAIRED_EVENT, at: clock.now(), actor: 'zhiban', data: { bytes: torn.length, savedTo } },
      ]);
      expect(await readFile(join(dir, savedTo))).toEqual(torn);
      const repairedLog = await readFile(logPath('INC-1'));
      expect(repairedLog.subarray(0, intact.length)).toEqual(intact);
      const next = await store.append('INC-1', ev(4));
      expect(next.seq).toBe(4);
      expect(await (await openStore()).readEvents('INC-1')).toEqual([...events, next]);
    });

    it('is repaired by an append too, and each tear gets its own quarantine file', async () => {
      const store = await openStore();
      await store.createIncident('INC-1', ev(1));
      await appendFile(logPath('INC-1'), '{"incidentId":"INC-1","se');
      expect((await store.append('INC-1', ev(2))).seq).toBe(3);
      await appendFile(logPath('INC-1'), '{"inc');
      const events = (await (await openStore()).readEvents('INC-1'))!;
      expect(events.map((e) => [e.seq, e.type])).toEqual([
        [1, 'note'],
        [2, REPAIRED_EVENT],
        [3, 'note'],
        [4, REPAIRED_EVENT],
      ]);
      const [first, second] = [String(events[1]!.data.savedTo), String(events[3]!.data.savedTo)];
      expect(second).toBe(`${first}-1`);
      expect(await readFile(join(dir, first), 'utf8')).toBe('{"incidentId":"INC-1","se');
      expect(await readFile(join(dir, second), 'utf8')).toBe('{"inc');
    });
  });

  describe('a damaged line', () => {
    const damages: [string, (lines: string[]) => void][] = [
      ['not JSON', (lines) => (lines[1] = '{"incidentId":"INC-1", oops')],
      ['JSON but not an event', (lines) => (lines[1] = '{"hello":"world"}')],
      ['a repeated seq', (lines) => (lines[1] = lines[0]!)],
      ['an empty line', (lines) => (lines[1] = '')],
    ];

    it.each(damages)('(%s) in the middle raises StoreCorruptionError at file:line and changes nothing', async (_, damage) => {
      const store = await openStore();
      await store.createIncident('INC-1', ev(1));
      await store.append('INC-1', ev(2));
      await store.append('INC-1', ev(3));
      const lines = (await readFile(logPath('INC-1'), 'utf8')).split('\n');
      damage(lines);
      await writeFile(logPath('INC-1'), `${lines.join('\n')}{"torn":`);
      const onDisk = await readFile(logPath('INC-1'));

      const failure = await store.readEvents('INC-1').catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(StoreCorruptionError);
      expect((failure as StoreCorruptionError).location).toBe(`${logPath('INC-1')}:2`);
      expect(await readFile(logPath('INC-1'))).toEqual(onDisk);
      expect(await filesUnder(join(dir, 'incidents'))).toEqual(['INC-1.jsonl']);
    });

    it('as the last line makes an append fail without writing', async () => {
      const store = await openStore();
      await store.createIncident('INC-1', ev(1));
      await appendFile(logPath('INC-1'), 'garbage\n');
      const onDisk = await readFile(logPath('INC-1'));
      await expect(store.append('INC-1', ev(2))).rejects.toMatchObject({ name: 'StoreCorruptionError', location: `${logPath('INC-1')}:2` });
      expect(await readFile(logPath('INC-1'))).toEqual(onDisk);
    });

    it('in a record or the timer file raises StoreCorruptionError naming the file', async () => {
      const store = await openStore();
      await store.putRecord('approval', 'A1', { state: 'pending' }, 0);
      await store.scheduleTimer({ id: 't1', dueAt: 5, kind: 'escalate', payload: {} });
      await writeFile(join(dir, 'records', 'approval', 'A1.json'), '{"id":"A1","vers');
      await writeFile(join(dir, 'timers.json'), '{"timers":[{"id":"t1"}]}');
      await expect(store.getRecord('approval', 'A1')).rejects.toMatchObject({ location: join(dir, 'records', 'approval', 'A1.json') });
      await expect(store.putRecord('approval', 'A1', {}, 1)).rejects.toBeInstanceOf(StoreCorruptionError);
      await expect(store.listTimers()).rejects.toMatchObject({ location: join(dir, 'timers.json') });
    });
  });

  describe('two stores on one folder (the shell and a one-shot `zhiban exec`)', () => {
    it('number concurrent appends 1..N without gaps or duplicates, each keeping its own order', async () => {
      const [a, b] = [await openStore(), await openStore()];
      await a.createIncident('INC-1', ev(0));
      const stored = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? b : a).append('INC-1', ev(i + 1, i % 2 ? 'b' : 'a'))));
      expect(stored.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
      const events = (await (await openStore()).readEvents('INC-1'))!;
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      expect(events.map((e) => e.data.n).sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 41 }, (_, i) => i));
      for (const actor of ['a', 'b']) {
        const ns = events.filter((e) => e.actor === actor).map((e) => Number(e.data.n));
        expect(ns).toEqual([...ns].sort((x, y) => x - y));
      }
    });

    it('number appends from a separate process and this one 1..N, every event present', async () => {
      const store = await openStore();
      await store.createIncident('INC-1', ev(0));
      let mine: StoredEvent[] = [];
      const theirs = await appendFromChildProcess(dir, 30, async () => {
        mine = await Promise.all(Array.from({ length: 30 }, (_, i) => store.append('INC-1', ev(i + 1, 'parent'))));
      });
      expect([...theirs, ...mine.map((e) => e.seq)].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
      const events = (await store.readEvents('INC-1'))!;
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
      expect(events.filter((e) => e.actor === 'child').map((e) => e.data.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(events.filter((e) => e.actor === 'parent').map((e) => e.data.n)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }, 15_000);

    it('let exactly one create an incident, win a compare-and-set, or claim a due timer', async () => {
      const [a, b] = [await openStore(), await openStore()];
      for (const id of ['INC-1', 'INC-2', 'INC-3']) {
        const created = await Promise.all([a.createIncident(id, ev(1, 'a')), b.createIncident(id, ev(1, 'b'))]);
        expect(created.filter((e) => e !== undefined)).toHaveLength(1);
        expect(await a.readEvents(id)).toHaveLength(1);
      }
      for (let version = 0; version < 5; version++) {
        const put = await Promise.all([a.putRecord('approval', 'A1', { by: 'a' }, version), b.putRecord('approval', 'A1', { by: 'b' }, version)]);
        expect(put.filter((v) => v === version + 1)).toHaveLength(1);
      }
      for (let i = 0; i < 20; i++) await a.scheduleTimer({ id: `t${i}`, dueAt: i, kind: 'escalate', payload: {} });
      const claims = await Promise.all([a.claimDueTimers(100, 'a', 1000), b.claimDueTimers(100, 'b', 1000), a.claimDueTimers(100, 'a2', 1000)]);
      expect(claims.flat().map((t) => t.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`).sort());
    });
    it('let exactly one of racing creators have each record, fresh or replacing an expired one, durable or not', async () => {
      const [a, b, c] = [await openStore(), await openStore(), await openStore()];
      const now = clock.now();
      for (let i = 0; i < 20; i++) await a.putRecord('claim', `old-${i}`, { by: 'gone' }, 0, { expiresAt: now + 1 });
      clock.advance(2);
      const race = (id: string) =>
        Promise.all([a, b, c].map((s, n) => s.putRecord('claim', id, { by: n }, 0, { expiresAt: now + 60_000, durable: n !== 1 })));
      const ids = [...Array.from({ length: 20 }, (_, i) => `new-${i}`), ...Array.from({ length: 20 }, (_, i) => `old-${i}`)];
      const results = await Promise.all(ids.map(race));
      for (const [i, put] of results.entries()) {
        expect(put.filter((v) => v === 1), ids[i]).toHaveLength(1);
        const winner = put.findIndex((v) => v === 1);
        expect((await c.getRecord('claim', ids[i]!))?.value, ids[i]).toEqual({ by: winner });
      }
      expect(await b.putRecord('claim', 'new-0', { by: 'late' }, 0, { durable: false })).toBeUndefined();
      expect((await filesUnder(join(dir, 'records'))).filter((f) => !f.endsWith('.json'))).toEqual([]);
    });
  });

  describe('locks', () => {
    const lockPath = () => `${logPath('INC-1')}.lock`;
    const ownStart = async () => (await readFile('/proc/self/stat', 'utf8')).split(') ')[1]!.split(' ')[19]!;

    it.each([
      ['whose holder process has died', async () => ({ pid: spawnSync(process.execPath, ['-e', '']).pid, started: '1' })],
      ['whose pid now belongs to another process (a restarted container)', async () => ({ pid: process.pid, started: '1' })],
    ])('breaks a lock %s', async (_, holder) => {
      const store = await openStore();
      await store.createIncident('INC-1', ev(1));
      await writeFile(lockPath(), JSON.stringify({ host: hostname(), ...(await holder()), token: 'old' }));
      expect((await store.append('INC-1', ev(2))).seq).toBe(2);
      expect(await filesUnder(dir)).toEqual(['incidents/INC-1.jsonl', 'index/ids/_INC-/INC-1']);
    });

    it('breaks a lock held far longer than any write takes', async () => {
      const store = await openStore();
      await store.createIncident('INC-1', ev(1));
      await writeFile(lockPath(), JSON.stringify({ host: 'other-host', pid: 1, started: '1', token: 'old' }));
      const aMinuteAgo = new Date(Date.now() - 60_000);
      await utimes(lockPath(), aMinuteAgo, aMinuteAgo);
      expect((await store.append('INC-1', ev(2))).seq).toBe(2);
      expect(await filesUnder(dir)).toEqual(['incidents/INC-1.jsonl', 'index/ids/_INC-/INC-1']);
    });

    it('waits for a live holder instead of breaking its lock, however old its lock file', async () => {
      const store = await openStore();
      await store.createIncident('INC-1', ev(1));
      await writeFile(lockPath(), JSON.stringify({ host: hostname(), pid: process.pid, started: await ownStart(), token: 'live' }));
      const aMinuteAgo = new Date(Date.now() - 60_000);
      await utimes(lockPath(), aMinuteAgo, aMinuteAgo);
      let appended = false;
      const append = store.append('INC-1', ev(2)).then((e) => ((appended = true), e));
      await sleep(100);
      expect(appended).toBe(false);
      await rm(lockPath());
      expect((await append).seq).toBe(2);
    });
  });

  it('never creates files outside its folder for unsafe ids', async () => {
    const store = await openStore();
    for (const bad of ['../escape', '../../escape', '..', 'a/../../b']) {
      await expect(store.createIncident(bad, ev(1))).rejects.toThrow(/invalid incident id/);
      await expect(store.putRecord('../records', bad, {}, 0)).rejects.toThrow(/invalid record/);
    }
    expect(await readdir(root)).toEqual(['data']);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('leaves only whole record, timer and log files behind (no temp or lock files)', async () => {
    const [a, b] = [await openStore(), await openStore()];
    await a.createIncident('INC-1', ev(1));
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).putRecord('card', 'INC-1', { i }, 0)),
      ...Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).append('INC-1', ev(i + 2))),
      ...Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).scheduleTimer({ id: `t${i}`, dueAt: i, kind: 'x', payload: {} })),
    ]);
    await Promise.all([a.claimDueTimers(100, 'a', 50, 3), b.claimDueTimers(100, 'b', 50, 3)]);
    expect(await filesUnder(dir)).toEqual(['incidents/INC-1.jsonl', 'index/ids/_INC-/INC-1', 'records/card/INC-1.json', 'timers.json']);
    expect(JSON.parse(await readFile(join(dir, 'records', 'card', 'INC-1.json'), 'utf8'))).toMatchObject({ id: 'INC-1', version: 1 });
    expect(JSON.parse(await readFile(join(dir, 'timers.json'), 'utf8')).timers).toHaveLength(10);
  });
});
