import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = pathToFileURL(resolve('src/runtime/startup-memory.ts')).href;

/** What a fresh node (this test process's heap has long grown) saw during a start-up held by holdStartUpMemory and after release. */
interface Phases {
  /** Young generation size (MiB) before the hold, at its end, and after as much work again once released. */
  before: number;
  held: number;
  released: number;
  /** Functions V8 optimized while held, and after release. */
  optimizedHeld: number;
  optimizedReleased: number;
}

function phases(): Phases {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { holdStartUpMemory } from ${JSON.stringify(MODULE)};
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    const kept = [];
    // some 40 MB of objects kept, made by a hot function
    function work() { for (let i = 0; i < 400_000; i++) kept.push({ i, s: 'x' + i }); }
    const before = young();
    const release = holdStartUpMemory();
    work(); work();
    const held = young();
    console.log('PHASE released');
    release();
    work(); work();
    console.log('RESULT ' + JSON.stringify({ before, held, released: young() }));
  `;
  const r = spawnSync(process.execPath, ['--trace-opt', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const [heldOut = '', releasedOut = ''] = r.stdout.split('PHASE released');
  const optimized = (out: string) => out.split('\n').filter((l) => l.startsWith('[completed optimizing') && l.includes('<JSFunction work')).length;
  const result = JSON.parse(/RESULT (.*)/.exec(releasedOut)![1]!) as Pick<Phases, 'before' | 'held' | 'released'>;
  return { ...result, optimizedHeld: optimized(heldOut), optimizedReleased: optimized(releasedOut) };
}

describe('holdStartUpMemory', () => {
  it("keeps V8's young generation at its size and optimizes nothing through a start-up, and works as V8's defaults once released", () => {
    const p = phases();
    expect(p.held).toBe(p.before);
    expect(p.optimizedHeld).toBe(0);
    expect(p.released).toBeGreaterThan(p.held);
    expect(p.optimizedReleased).toBeGreaterThan(0);
  });
});
