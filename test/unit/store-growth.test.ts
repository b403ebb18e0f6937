import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { EVENT } from '../../src/core/incidents/model.js';
import { FileStore } from '../../src/store/file-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { NewEvent, Store } from '../../src/store/port.js';
import { reviewRig } from '../support/review-script.js';

/** Every path the store opened, read or listed (node:fs/promises passes through, recording). */
const touched: string[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const recorded = <A extends unknown[], R>(fn: (path: never, ...rest: A) => R) =>
    (path: unknown, ...rest: A): R => {
      touched.push(String(path));
      return fn(path as never, ...rest);
    };
  const mocked = { ...fs, readdir: recorded(fs.readdir), readFile: recorded(fs.readFile), open: recorded(fs.open) };
  return { ...mocked, default: mocked };
});

const DAY = 86_400_000;

/** A declaration as IncidentService writes it. */
function declaration(at: number): NewEvent {
  return { type: EVENT.declared, at, actor: 'alice', data: { severity: 'P3', title: 't', commander: 'alice', channel: 'C1', platform: 'console' } };
}

/** `INC-<yyyymmdd>-<nnn>` of day `d` after 2026-01-01. */
function incId(d: number, n: number): string {
  return `INC-${new Date(Date.UTC(2026, 0, 1) + d * DAY).toISOString().slice(0, 10).replaceAll('-', '')}-${String(n).padStart(3, '0')}`;
}

describe('file store at a year of data: what a command opens', () => {
  let root: string;
  let dir: string;
  let clock: FakeClock;
  let store: FileStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'zhiban-growth-'));
    dir = join(root, 'data');
    clock = new FakeClock('2026-06-01T00:00:00.000Z');
    store = await FileStore.open({ dir, clock });
  });

  afterEach(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  /** Paths touched while `run` ran, relative to the data folder. */
  async function touchedBy(run: () => Promise<unknown>): Promise<string[]> {
    touched.length = 0;
    await run();
    return touched.filter((p) => p.startsWith(dir)).map((p) => p.slice(dir.length + 1));
  }

  it('lists the open incidents of an opened store again from memory: one stat per incident, no summary file read', async () => {
    for (let n = 1; n <= 10; n++) await store.createIncident(incId(100, n), declaration(100 * DAY));
    await store.close();
    store = await FileStore.open({ dir, clock });
    const first = await touchedBy(() => store.listSummaries());
    expect(first.filter((p) => p.startsWith('index/summaries/'))).toHaveLength(10);
    const again = await touchedBy(async () => expect(await store.listSummaries()).toHaveLength(10));
    expect(again.filter((p) => p.startsWith('index/summaries/') || p.startsWith('incidents/'))).toEqual([]);
  });

  it('puts back the id marker of an incident that lost it, when someone tries to create that id again', async () => {
    const id = incId(100, 1);
    await store.createIncident(id, declaration(100 * DAY));
    await rm(join(dir, 'index', 'ids', `_${id.slice(0, -3)}`, id));
    expect(await store.listIncidents(id.slice(0, -3))).toEqual([]);
    expect(await store.createIncident(id, declaration(100 * DAY))).toBeUndefined();
    expect(await store.listIncidents(id.slice(0, -3))).toEqual([id]);
  });

  it('reads an empty record file (a create cut short by a power failure) as expired: replaced, listed nowhere, never an error', async () => {
    await store.putRecord('slack-event', 'Ev1', { at: 1 }, 0, { durable: false });
    await writeFile(join(dir, 'records', 'slack-event', 'Ev2.json'), '');
    expect(await store.getRecord('slack-event', 'Ev2')).toBeUndefined();
    expect(await store.listRecordIds('slack-event')).toEqual(['Ev1']);
    expect(await store.putRecord('slack-event', 'Ev2', { at: 2 }, 0, { durable: false })).toBe(1);
    expect(await store.getRecord('slack-event', 'Ev2')).toMatchObject({ value: { at: 2 }, version: 1 });
  });

  it("lists one day's incidents (to number the next) without listing the folder or opening another day's log", async () => {
    for (let d = 0; d < 60; d++) await store.createIncident(incId(d, 1), declaration(d * DAY));
    for (let n = 1; n <= 3; n++) await store.createIncident(incId(100, n), declaration(100 * DAY));
    const day = incId(100, 0).slice(0, -3);
    let ids: string[] = [];
    const paths = await touchedBy(async () => (ids = await store.listIncidents(day)));
    expect(ids).toEqual([incId(100, 1), incId(100, 2), incId(100, 3)]);
    expect(paths).not.toContain('incidents');
    expect(paths.filter((p) => p.includes(incId(5, 1).slice(0, -4)))).toEqual([]);
    expect(await store.listIncidents()).toHaveLength(63);
    expect(await store.listIncidents('INC-2026010')).toHaveLength(9);
  });

  it('does not list an id marker left without its log (a crash between the two)', async () => {
    await store.createIncident('INC-20260601-001', declaration(0));
    const bucket = join(dir, 'index', 'ids', '_INC-20260601-');
    await writeFile(join(bucket, 'INC-20260601-002'), '');
    expect(await store.listIncidents('INC-20260601-')).toEqual(['INC-20260601-001']);
  });

  it('marks the ids of a folder written before the id markers once, when opened', async () => {
    for (let n = 1; n <= 3; n++) await store.createIncident(incId(0, n), declaration(0));
    await store.close();
    await rm(join(dir, 'index', 'ids'), { recursive: true });
    await rm(join(dir, 'index', 'ids-v1'), { recursive: true });
    store = await FileStore.open({ dir, clock });
    expect(await store.listIncidents(incId(0, 0).slice(0, -3))).toEqual([incId(0, 1), incId(0, 2), incId(0, 3)]);
    await store.rebuildIndex();
    expect(await store.listIncidents(incId(0, 0).slice(0, -3))).toEqual([incId(0, 1), incId(0, 2), incId(0, 3)]);
  });
});

/** `store`, counting the incidents each operation hands out or reads. */
function counting(store: Store): { store: Store; listed: () => number; read: () => string[]; reset: () => void } {
  let listed = 0;
  let read: string[] = [];
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const fn = (value as (...a: unknown[]) => unknown).bind(target);
      if (prop === 'listIncidents') return async (...a: unknown[]) => {
        const ids = (await fn(...a)) as string[];
        listed += ids.length;
        return ids;
      };
      if (prop === 'listSummaries') return async (...a: unknown[]) => {
        const all = (await fn(...a)) as unknown[];
        listed += all.length;
        return all;
      };
      if (prop === 'readEvents' || prop === 'streamEvents' || prop === 'readSummary') return (id: string, ...a: unknown[]) => {
        read.push(id);
        return fn(id, ...a);
      };
      return fn;
    },
  });
  return { store: wrapped, listed: () => listed, read: () => [...new Set(read)], reset: () => ((listed = 0), (read = [])) };
}

describe('commands on one incident read that incident, not the N stored', () => {
  it('numbers a new incident and exports one without listing or reading the others', async () => {
    const c = counting(new MemoryStore());
    const rig = await reviewRig({ store: c.store });
    for (let d = 1; d <= 30; d++) await c.store.createIncident(`INC-202610${String(d).padStart(2, '0')}-001`, declaration(d));
    await c.store.append('INC-20261001-001', { type: EVENT.resolved, at: 2, actor: 'alice', data: { summary: 'done' } });
    c.reset();
    const declared = await rig.run('alice', '/incident declare P3 slow images');
    expect(declared.text).toContain('INC-20261101-001');
    expect(c.listed()).toBeLessThanOrEqual(1);
    expect(c.read()).toEqual(['INC-20261101-001']);
    c.reset();
    const exported = await rig.run('carol', '/incident export INC-20261015-001 md');
    expect(exported.ok).toBe(true);
    expect(c.listed()).toBe(0);
    expect(c.read()).toEqual(['INC-20261015-001']);
    const unknown = await rig.run('carol', '/incident export INC-20261015-002 md');
    expect(unknown.text).toContain('No incident INC-20261015-002. Nearest ids: INC-20261015-001');
  });
});
