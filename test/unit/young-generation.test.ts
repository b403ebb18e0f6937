import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = pathToFileURL(resolve('src/runtime/young-generation.ts')).href;

/**
 * Runs, in a fresh node (the young generation of this test process has long grown), a start-up
 * that allocates some 40 MB of objects it keeps while the hold is on, then the same after release:
 * the young generation's size (MiB) before, while held and after release.
 */
function youngGenerationSizes(): { before: number; held: number; released: number } {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { holdYoungGeneration } from ${JSON.stringify(MODULE)};
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    const kept = [];
    const allocate = () => { for (let i = 0; i < 400_000; i++) kept.push({ i, s: 'x' + i }); };
    const before = young();
    const release = holdYoungGeneration();
    allocate();
    const held = young();
    release();
    allocate();
    process.stdout.write(JSON.stringify({ before, held, released: young() }));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { before: number; held: number; released: number };
}

describe('holdYoungGeneration', () => {
  it("keeps V8's young generation at its initial size through a start-up, and lets it grow again once released", () => {
    const { before, held, released } = youngGenerationSizes();
    expect(held).toBe(before);
    expect(released).toBeGreaterThan(held);
  });
});
