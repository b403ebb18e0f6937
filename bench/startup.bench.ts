import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode, ZHIBAN_BIN, type ChildRun } from './child.js';
import { fixed, interleave, LONG, median, progress, table, verdict, type Report } from './harness.js';

const ID = 'startup';
/** The target, 300 ms, was set on a machine where `node -e ""` took 66 ms: ×4.5 of it. */
const TARGET_MS = 300;
const TARGET_RATIO = TARGET_MS / 66;

/** `zhiban exec "/help"` (embedded defaults, fresh data folder) against a bare `node -e ""`, as child processes. */
export const report: Report = {
  id: ID,
  title: 'Start-up: `zhiban exec "/help"`',
  async run() {
    const rounds = LONG ? 25 : 9;
    const cwd = mkdtempSync(join(tmpdir(), 'zhiban-bench-startup-'));
    const env = { ZHIBAN_CONFIG: '' };
    const exec = (): Promise<ChildRun> => runNode([ZHIBAN_BIN, 'exec', '--as', 'alice', '/help'], { cwd, env });
    const bare = (): Promise<ChildRun> => runNode(['-e', ''], { cwd, env });
    const first = await exec(); // creates the data folder, so every measured run finds it
    if (first.code !== 0) throw new Error(`zhiban exec /help failed: ${first.err}`);
    await bare();
    const [z, b] = await interleave(rounds, [exec, bare]);
    const zMs = median(z!.map((r) => r.ms));
    const bMs = median(b!.map((r) => r.ms));
    const zRss = median(z!.map((r) => r.maxRssMiB));
    const bRss = median(b!.map((r) => r.maxRssMiB));
    const ratio = zMs / bMs;
    progress(ID, `exec /help ${fixed(zMs)} ms, ${fixed(zRss)} MiB · node -e "" ${fixed(bMs)} ms, ${fixed(bRss)} MiB · ×${fixed(ratio, 2)}`);
    return [
      `Wall time from spawn to exit and peak RSS of each process, median of ${rounds} interleaved rounds, node ${process.version}.`,
      'The data folder exists (a first run created it). Target: ≤ 300 ms where `node -e ""` takes 66 ms, judged as a ratio',
      `(≤ ×${fixed(TARGET_RATIO, 1)}) because absolute times on a shared machine drift with its load.`,
      '',
      table(
        ['process', 'wall time (ms)', 'peak RSS (MiB)', '× `node -e ""`', 'target'],
        [
          ['`zhiban exec --as alice "/help"`', fixed(zMs), fixed(zRss), `×${fixed(ratio, 2)}`, `≤ ×${fixed(TARGET_RATIO, 1)} (300 ms): ${verdict(ratio <= TARGET_RATIO)}`],
          ['`node -e ""` (baseline)', fixed(bMs), fixed(bRss), '×1', ''],
        ],
      ),
    ].join('\n');
  },
};
