import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { FileStore } from '../../src/store/file-store.js';

/** A filesystem without hard links (some SMB/CIFS and FUSE mounts): link() fails with EPERM. */
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const link = (): Promise<void> => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' }));
  return { ...fs, link, default: { ...fs, link } };
});

describe('the file store on a filesystem without hard links', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('still creates each record exactly once, claims and durable records alike, and compares-and-sets after', async () => {
    root = await mkdtemp(join(tmpdir(), 'zhiban-nolink-'));
    const clock = new FakeClock();
    const [a, b] = [await FileStore.open({ dir: join(root, 'data'), clock }), await FileStore.open({ dir: join(root, 'data'), clock })];
    try {
      for (const durable of [false, true]) {
        const ids = Array.from({ length: 10 }, (_, i) => `${durable ? 'd' : 'c'}${i}`);
        const results = await Promise.all(ids.map((id) => Promise.all([a, b].map((s, n) => s.putRecord('claim', id, { by: n }, 0, { durable })))));
        for (const put of results) expect(put.filter((v) => v === 1)).toHaveLength(1);
      }
      expect(await a.putRecord('claim', 'c0', { by: 'again' }, 1)).toBe(2);
      expect((await b.getRecord('claim', 'c0'))?.value).toEqual({ by: 'again' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
