import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A private mount namespace (user namespaces) lets the test give zhiban a real, tiny disk. */
const canMount = spawnSync('unshare', ['-rm', 'true']).status === 0;

interface Seen {
  note: string;
  afterNote: string;
  reads: string[];
  tornAfterReads: string[];
  noteAfterFree: string;
  final: string;
  tornAtEnd: string[];
}

/** Runs test/support/full-disk-run.ts with its data folder on a fresh 256 KiB tmpfs. */
function runOnTinyDisk(): Seen {
  const dir = mkdtempSync(join(tmpdir(), 'zhiban-full-'));
  const script = 'mount -t tmpfs -o size=256k tmpfs "$1" && exec "$0" --import tsx test/support/full-disk-run.ts "$1"';
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', script, process.execPath, dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`full-disk run failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Seen;
}

describe.skipIf(!canMount)('a full disk under the data folder', () => {
  let seen: Seen | undefined;
  beforeAll(() => {
    seen = runOnTinyDisk();
  }, 60_000);

  it('says "disk full" when a write stops short, and leaves no torn line behind', () => {
    expect(seen!.note).toMatch(/^✗ zhiban could not write its data folder \(ENOSPC: disk full/);
    expect(seen!.afterNote).toContain('declared P1 serious: 磁盘满了');
    expect(seen!.afterNote).not.toContain('满满');
    expect(seen!.afterNote).not.toContain('set aside');
  });

  it('reads a torn timeline on a full disk without failing and without leaving files behind, then repairs it once', () => {
    for (const text of seen!.reads) expect(text).not.toMatch(/^✗/);
    expect(seen!.reads[0]).toContain('declared P1 serious: 磁盘满了');
    expect(seen!.tornAfterReads).toEqual([]);
    expect(seen!.noteAfterFree).toContain('Note added to INC-20261122-001');
    expect(seen!.final.match(/set aside/g)).toHaveLength(1);
    expect(seen!.tornAtEnd).toHaveLength(1);
  });
});
