import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { FileStore } from '../../src/store/file-store.js';
import { harness, type Harness } from '../support/harness.js';

const A = 'INC-20261122-001';
const B = 'INC-20261122-002';

describe('one damaged incident in the data folder', () => {
  let root: string;
  let dir: string;
  let h: Harness;
  const log = (id: string) => join(dir, 'incidents', `${id}.jsonl`);

  /** Replaces line `n` (from 1) of the log of `id`. */
  async function damage(id: string, n: number, line: string): Promise<void> {
    const lines = (await readFile(log(id), 'utf8')).split('\n');
    lines[n - 1] = line;
    await writeFile(log(id), lines.join('\n'));
  }

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'zhiban-damage-'));
    dir = join(root, 'data');
    const clock = new FakeClock('2026-11-22T02:00:00.000Z');
    h = await harness({ store: await FileStore.open({ dir, clock }), clock });
    await h.run('alice', '/incident declare P1 支付回调失败');
    await h.run('alice', '/incident declare P2 订单导出很慢');
    await h.run('alice', `/incident note ${A} first look`);
  });

  afterEach(async () => {
    await h.app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('leaves listing, lookups and the other incidents working, and marks the damaged one', async () => {
    await damage(A, 1, '{"incidentId":"INC-20261122-001", oops');

    const listed = await h.run('carol', '/incident list');
    expect(listed.reply.ok).toBe(true);
    expect(listed.text).toContain(B);
    expect(listed.text).toContain(`Not shown: ${A} — the stored timeline cannot be read`);
    expect((await h.run('carol', '/incident show INC-20261122-009')).text).toContain(`No incident INC-20261122-009. Open incidents: ${B}.`);
    expect((await h.run('alice', `/incident note ${B} still fine`)).text).toContain(`Note added to ${B}`);

    const shown = await h.run('carol', `/incident show ${A}`);
    expect(shown.text).toContain(`The stored timeline of ${A} is damaged (not valid JSON)`);
    for (const seen of [listed, shown]) expect(seen.text).not.toContain(root);
    const logged = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'store corruption');
    expect(logged[0]).toMatchObject({ level: 'error', incident: A, store: dir, location: `incidents/${A}.jsonl:1`, detail: 'not valid JSON' });
  });

  it('names the damaged line relative to the data folder in chat, never the server path', async () => {
    const line = (await readFile(log(A), 'utf8')).split('\n')[1]!;
    await damage(A, 2, line.replace('"seq":2', '"seq":7'));

    const seen = await h.run('carol', `/incident timeline ${A}`);

    expect(seen.text).toContain(`incidents/${A}.jsonl:2: seq 7 where 2 was expected`);
    expect(seen.text).not.toContain(root);
    expect((await h.run('carol', `/incident timeline ${B}`)).reply.ok).toBe(true);
  });
});
