/**
 * Run by store-full-disk.test.ts inside a private mount namespace whose data folder (argv[2]) is a
 * tiny tmpfs: drives zhiban on a disk that fills up and prints what a user would have seen, as JSON.
 */
import { appendFile, open, readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeClock } from '../../src/core/clock.js';
import { FileStore } from '../../src/store/file-store.js';
import { harness } from './harness.js';

const PAGE = 4096;
const dir = process.argv[2]!;
const filler = join(dir, 'filler');

/** Fills the disk, then frees `pages` whole pages. */
async function fillLeaving(pages: number): Promise<void> {
  const fh = await open(filler, 'a');
  try {
    for (;;) await fh.write(Buffer.alloc(PAGE));
  } catch {
    const { size } = await fh.stat();
    await fh.close();
    await truncate(filler, Math.max(0, Math.floor(size / PAGE) * PAGE - pages * PAGE));
  }
}

const clock = new FakeClock('2026-11-22T02:00:00.000Z');
const h = await harness({ store: await FileStore.open({ dir, clock }), clock });
const id = 'INC-20261122-001';
const torn = async () => (await readdir(join(dir, 'incidents'))).filter((n) => n.includes('.torn-'));
await h.run('alice', '/incident declare P1 磁盘满了');
await fillLeaving(1);
const note = (await h.run('alice', `/incident note ${'满'.repeat(4000)}`)).text;
const afterNote = (await h.run('carol', '/incident timeline')).text;
await rm(filler);
await fillLeaving(2);
await appendFile(join(dir, 'incidents', `${id}.jsonl`), '{"incidentId":"INC-2026');
const reads = [(await h.run('carol', '/incident timeline')).text, (await h.run('carol', '/incident list')).text, (await h.run('carol', '/incident timeline')).text];
const tornAfterReads = await torn();
await rm(filler);
const noteAfterFree = (await h.run('alice', '/incident note space again')).text;
const final = (await h.run('carol', '/incident timeline')).text;
process.stdout.write(`${JSON.stringify({ note, afterNote, reads, tornAfterReads, noteAfterFree, final, tornAtEnd: await torn() })}\n`);
await h.app.close();
