import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGE_SIZE, MAX_PAGE } from '../src/core/incidents/timeline-page.js';
import { runNode, ZHIBAN_BIN, type ChildRun } from './child.js';
import { fixed, interleave, LONG, median, progress, table, verdict, type Report } from './harness.js';
import { BENCH_YAML, longTimeline, startRedis, storeKinds, type Kind } from './seed.js';

const ID = 'timeline';
/** Events on the one incident: 100,000 (the issue's row); `BENCH_LONG=1` adds 200,000, where the timeline used to crash. */
const SIZES = LONG ? [100_000, 200_000] : [100_000];
const INCIDENT = 'INC-20261101-001';
/** Interleaved rounds of every process (each takes seconds, so the default run stays short). */
const ROUNDS = LONG ? 5 : 3;
/** A row of the console table starts with the event's date and time. */
const ROW = /^\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s/gm;

/** The ways of asking for a timeline that the bench runs: the newest page, the deepest page, and a `--since` every event matches (the whole stream is read and filtered). */
const ASKS = [
  { label: 'page 1 (default)', args: '' },
  { label: `\`--page ${MAX_PAGE}\` (the deepest)`, args: ` --page ${MAX_PAGE}` },
  { label: '`--since 30d` (every event matches)', args: ' --since 30d' },
];

/** `/incident timeline` by `zhiban exec` in a child process on one incident of `size` events, each way of asking, against `node -e ""`. */
async function timelines(kind: Kind, size: number): Promise<string[][]> {
  const { store, config, dataDir } = await kind.make([{ id: INCIDENT, events: longTimeline(INCIDENT, size) }]);
  await store.close();
  const cfg = join(dataDir, 'bench.yml');
  writeFileSync(cfg, `${BENCH_YAML}platforms:\n  console: { user: alice }\n${config}`);
  const env = { ZHIBAN_CONFIG: cfg };
  const exec = (line: string) => () => runNode([ZHIBAN_BIN, 'exec', line], { cwd: dataDir, env });
  const bare = () => runNode(['-e', ''], { cwd: dataDir });
  const [base, show, ...runs] = await interleave(ROUNDS, [bare, exec(`/incident show ${INCIDENT}`), ...ASKS.map((a) => exec(`/incident timeline ${INCIDENT}${a.args}`))]);
  const bMs = median(base!.map((r) => r.ms));
  const showMs = median(show!.map((r) => r.ms));
  progress(ID, `${kind.name} ${size} events /incident show: ${fixed(showMs, 0)} ms (node -e "" ${fixed(bMs, 0)} ms)`);
  const reference = [kind.name, size.toLocaleString('en'), '`/incident show` (reference: start-up, store, summary)', fixed(showMs, 0), `×${fixed(showMs / bMs, 1)}`, fixed(Math.max(...show!.map((x) => x.maxRssMiB)), 0), '', ''];
  return [reference, ...ASKS.map((ask, i) => {
    const r: ChildRun[] = runs[i]!;
    const ms = median(r.map((x) => x.ms));
    const rss = Math.max(...r.map((x) => x.maxRssMiB));
    const last = r.at(-1)!;
    const rows = last.out.match(ROW)?.length ?? 0;
    const bytes = Buffer.byteLength(last.out);
    const pointer = last.out.includes(`/incident export ${INCIDENT}`);
    const codes = [...new Set(r.map((x) => x.code))];
    const ok = codes.length === 1 && codes[0] === 0;
    const crash = ok ? '' : ` — exit ${codes.join('/')}: ${(last.err.trim().split('\n').find((l) => /Error/.test(l)) ?? last.err.trim().split('\n').at(-1) ?? '').slice(0, 120)}`;
    progress(ID, `${kind.name} ${size} events ${ask.label}: ${fixed(ms, 0)} ms (node -e "" ${fixed(bMs, 0)} ms), peak ${fixed(rss, 0)} MiB, ${rows} rows, ${bytes} bytes, exit ${codes.join('/')}${pointer ? '' : ', no pointer to the export'}`);
    return [
      kind.name,
      size.toLocaleString('en'),
      ask.label,
      fixed(ms, 0),
      `×${fixed(ms / bMs, 1)}`,
      fixed(rss, 0),
      `${rows} / ${(bytes / 1024).toFixed(1)} KiB`,
      `bounded (≤ ${PAGE_SIZE} rows, points to the export): ${verdict(rows > 0 && rows <= PAGE_SIZE && pointer)}; exit 0: ${verdict(ok)}${crash}`,
    ];
  })];
}

/** `/incident timeline` of one incident with 100,000 events (200,000 with `BENCH_LONG=1`), on the file store and on a Redis store of our own (when redis-server is installed). */
export const report: Report = {
  id: ID,
  title: '`/incident timeline` of a 100,000-event incident: bounded output, never a crash',
  async run() {
    const redis = await startRedis();
    try {
      const rows: string[][] = [];
      for (const size of SIZES) for (const k of storeKinds(redis)) rows.push(...(await timelines(k, size)));
      return [
        `One incident of ${SIZES.map((s) => s.toLocaleString('en')).join(' and ')} events (a declaration, then notes; bench/seed.ts \`longTimeline\`) seeded straight into the file store and,`,
        `on a redis-server started for the run, the Redis store${redis ? '' : ' — **not run: no redis-server on this machine**'}; \`zhiban exec "/incident timeline <id> …"\` in a child process, median of ${ROUNDS} interleaved rounds${LONG ? '' : ' (`BENCH_LONG=1`: 5, and 200,000 events)'} with \`node -e ""\` as the baseline, node ${process.version}.`,
        `Wall time of the whole process, its peak RSS (max over rounds), and what it printed: table rows (a page is ${PAGE_SIZE}) and bytes. Target: bounded output — at most one page of rows`,
        'and a pointer to `/incident export` for the whole — and exit code 0 (at 200,000 events the unpaged timeline crashed with `RangeError: Maximum call stack size exceeded`).',
        '`/incident show` of the same incident, in the same rounds, is what start-up, opening the store and reading the summary cost without the timeline.',
        '',
        table(['store', 'events', 'asked', 'ms', '× `node -e ""`', 'peak RSS MiB', 'rows / output', 'target'], rows),
      ].join('\n');
    } finally {
      await redis?.stop();
    }
  },
};
