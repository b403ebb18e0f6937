import { closeSync, fdatasyncSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { App } from '../src/runtime/app.js';
import type { NewEvent, Store } from '../src/store/port.js';
import { runNode, ZHIBAN_BIN, type ChildRun } from './child.js';
import { fixed, interleave, LONG, median, percentile, progress, table, verdict, type Report } from './harness.js';
import { appOver, BENCH_YAML, history, longTimeline, run, startRedis, storeKinds as kinds, type Kind, type SeedIncident } from './seed.js';

const ID = 'store';
const SIZES = [10, 1_000, 10_000];
const NOTES = LONG ? 10_000 : 2_000;
const EXPORT_EVENTS = 100_000;
/** Commands per round of the lookup bench. */
const REPEAT = 10;

const note = (i: number): NewEvent => ({ type: 'incident.note', at: Date.now(), actor: 'alice', data: { text: `note ${i}: payment callbacks still failing` } });

/** ms per durable append, one writer, against write + fdatasync of the same line on a plain file. */
async function appends(kind: Kind): Promise<string[][]> {
  const n = LONG ? 500 : 100;
  const [inc] = history(1, 1);
  const { store } = await kind.make([inc!]);
  const more = history(16, 16).map((h) => ({ ...h, id: h.id.replace('INC-', 'INC-9') }));
  for (const h of more) await store.createIncident(h.id, h.events[0]!);
  const fd = openSync(join(mkdtempSync(join(tmpdir(), 'zhiban-bench-fsync-')), 'plain.jsonl'), 'a');
  const line = `${JSON.stringify({ incidentId: inc!.id, seq: 1, ...note(1) })}\n`;
  const [one, base, par] = await interleave(LONG ? 5 : 3, [
    async () => {
      const t = performance.now();
      for (let i = 0; i < n; i++) await store.append(inc!.id, note(i));
      return (performance.now() - t) / n;
    },
    async () => {
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        writeSync(fd, line);
        fdatasyncSync(fd);
      }
      return (performance.now() - t) / n;
    },
    async () => {
      const t = performance.now();
      await Promise.all(more.map(async (h) => {
        for (let i = 0; i < n / 4; i++) await store.append(h.id, note(i));
      }));
      return (more.length * (n / 4) * 1000) / (performance.now() - t);
    },
  ]);
  closeSync(fd);
  await store.close();
  const ms = median(one!);
  const bms = median(base!);
  progress(ID, `${kind.name} append ${fixed(ms, 2)} ms (plain fdatasync ${fixed(bms, 2)} ms), 16 writers ${fixed(median(par!), 0)}/s`);
  return [[kind.name, fixed(ms, 2), fixed(bms, 2), `×${fixed(ms / bms, 2)}`, fixed(1000 / ms, 0), fixed(median(par!), 0)]];
}

/** `/incident list` and `/incident show` at each store size, CPU and wall time per command. */
async function lookups(kind: Kind): Promise<string[][]> {
  const apps: Array<{ app: App; store: Store; newest: string; oldest: string }> = [];
  for (const size of SIZES) {
    const h: SeedIncident[] = history(size);
    const { store } = await kind.make(h, size);
    apps.push({ app: await appOver(store), store, newest: h.at(-1)!.id, oldest: h[0]!.id });
  }
  const rounds = LONG ? 21 : 7;
  const commands = [
    { label: '`/incident list`', text: () => '/incident list' },
    { label: '`/incident show` (open)', text: (a: (typeof apps)[number]) => `/incident show ${a.newest}` },
    { label: '`/incident show` (a year old)', text: (a: (typeof apps)[number]) => `/incident show ${a.oldest}` },
  ];
  const rows: string[][] = [];
  for (const c of commands) {
    // each round runs the command REPEAT times and keeps the median, so one GC or one preemption does not decide a round
    const measure = (a: (typeof apps)[number]) => async () => {
      const walls: number[] = [];
      const cpus: number[] = [];
      for (let i = 0; i < REPEAT; i++) {
        const cpu = process.cpuUsage();
        const t = performance.now();
        await run(a.app, c.text(a));
        const used = process.cpuUsage(cpu);
        walls.push(performance.now() - t);
        cpus.push((used.user + used.system) / 1000);
      }
      return { wall: median(walls), cpu: median(cpus) };
    };
    for (const a of apps) await measure(a)();
    const res = await interleave(rounds, apps.map(measure));
    const cpu = res.map((r) => median(r.map((x) => x.cpu)));
    const wall = res.map((r) => median(r.map((x) => x.wall)));
    const growth = cpu.at(-1)! / Math.max(cpu[0]!, 0.01);
    progress(ID, `${kind.name} ${c.label} cpu ${cpu.map((x) => fixed(x, 2)).join(' / ')} ms, wall ${wall.map((x) => fixed(x, 1)).join(' / ')} ms`);
    rows.push([kind.name, c.label, ...cpu.map((x, i) => `${fixed(x, 2)} (${fixed(wall[i]!, 1)})`), `×${fixed(growth, 2)}`, `flat (≤ ×2): ${verdict(growth <= 2)}`]);
  }
  for (const a of apps) await a.store.close();
  return rows;
}

/** NOTES `/incident note` on one incident, against `store.append` alone on another, in alternating blocks. */
async function notes(kind: Kind): Promise<string[][]> {
  const [a, b] = history(2, 2);
  const { store } = await kind.make([a!, b!]);
  const app = await appOver(store);
  const block = 100;
  const noteMs: number[] = [];
  const appendMs: number[] = [];
  const started = performance.now();
  for (let done = 0; done < NOTES; done += block) {
    const notesBlock = async () => {
      for (let i = 0; i < block; i++) {
        const t = performance.now();
        await run(app, `/incident note ${a!.id} checked gateway log ${done + i}`);
        noteMs.push(performance.now() - t);
      }
    };
    const appendBlock = async () => {
      for (let i = 0; i < block; i++) {
        const t = performance.now();
        await store.append(b!.id, note(done + i));
        appendMs.push(performance.now() - t);
      }
    };
    if ((done / block) % 2) {
      await notesBlock();
      await appendBlock();
    } else {
      await appendBlock();
      await notesBlock();
    }
  }
  const total = (performance.now() - started) / 1000;
  await store.close();
  const tenth = Math.max(1, Math.floor(NOTES / 10));
  const early = (xs: number[]) => median(xs.slice(0, tenth));
  const late = (xs: number[]) => median(xs.slice(-tenth));
  const growth = late(noteMs) / early(noteMs);
  const baseGrowth = late(appendMs) / early(appendMs);
  progress(ID, `${kind.name} ${NOTES} notes: ${fixed(early(noteMs), 2)} → ${fixed(late(noteMs), 2)} ms; append alone ${fixed(early(appendMs), 2)} → ${fixed(late(appendMs), 2)} ms (${fixed(total, 0)} s)`);
  return [
    [
      kind.name,
      `${fixed(early(noteMs), 2)} → ${fixed(late(noteMs), 2)} (p99 ${fixed(percentile(noteMs.slice(-tenth), 99), 1)})`,
      `${fixed(early(appendMs), 2)} → ${fixed(late(appendMs), 2)}`,
      `×${fixed(growth, 2)}`,
      `×${fixed(baseGrowth, 2)}`,
      `flat (≤ ×1.5): ${verdict(growth <= 1.5)}`,
    ],
  ];
}

/** A 100,000-event export by `zhiban exec` in a child process (md and json), against `node -e ""`. */
async function exports(kind: Kind): Promise<string[][]> {
  const id = 'INC-20261101-001';
  const { store, config, dataDir } = await kind.make([{ id, events: longTimeline(id, EXPORT_EVENTS) }]);
  await store.close();
  const cfg = join(dataDir, 'bench.yml');
  writeFileSync(cfg, `${BENCH_YAML}platforms:\n  console: { user: alice }\n${config}`);
  const env = { ZHIBAN_CONFIG: cfg };
  const exec = (format: string) => () => runNode([ZHIBAN_BIN, 'exec', `/incident export ${id} ${format}`], { cwd: dataDir, env });
  const bare = () => runNode(['-e', ''], { cwd: dataDir });
  const check = await exec('json')();
  if (check.code !== 0) throw new Error(`export failed: ${check.out}${check.err}`);
  const [md, json, base] = await interleave(LONG ? 3 : 1, [exec('md'), exec('json'), bare]);
  const bMs = median(base!.map((r) => r.ms));
  const formats: Array<[string, ChildRun[]]> = [
    ['md', md!],
    ['json', json!],
  ];
  return formats.map(([format, r]) => {
    const ms = median(r.map((x) => x.ms));
    const rss = Math.max(...r.map((x) => x.maxRssMiB));
    // 2 s where `node -e ""` takes 66 ms: judged as ×30 of it on this run's machine
    const ratio = ms / bMs;
    progress(ID, `${kind.name} export ${format} ${fixed(ms, 0)} ms, peak ${fixed(rss, 0)} MiB (node -e "" ${fixed(bMs, 0)} ms)`);
    return [kind.name, format, fixed(ms, 0), fixed(bMs, 0), `×${fixed(ratio, 1)}`, fixed(rss, 0), `< 2 s (×30): ${verdict(ratio <= 30)}; < 200 MB: ${verdict(rss * 1.048576 < 200)}`];
  });
}

/** Store benchmarks on the file store and on a Redis store of our own (when redis-server is installed). */
export const report: Report = {
  id: ID,
  title: 'Store: durable appends, lookups at a year of incidents, notes on one incident, a 100,000-event export',
  async run() {
    const redis = await startRedis();
    try {
      const ks = kinds(redis);
      const appendRows: string[][] = [];
      const lookupRows: string[][] = [];
      const noteRows: string[][] = [];
      const exportRows: string[][] = [];
      for (const k of ks) appendRows.push(...(await appends(k)));
      for (const k of ks) lookupRows.push(...(await lookups(k)));
      for (const k of ks) noteRows.push(...(await notes(k)));
      for (const k of ks) exportRows.push(...(await exports(k)));
      return [
        `File store in a temp folder; Redis store on a redis-server started for the run (AOF, \`appendfsync always\`)${redis ? '' : ' — **not run: no redis-server on this machine**'}.`,
        `Stores are seeded straight into their layout (a year of incidents: declared, noted, resolved; 10 open), then opened so they build their own index. Node ${process.version}; \`BENCH_LONG=1\` for longer runs.`,
        '',
        `### Durable append (one writer, ${LONG ? 500 : 100} appends per round, median of ${LONG ? 5 : 3} interleaved rounds)`,
        '',
        'Baseline: `write` + `fdatasync` of the same line on a plain file (the cost of durability alone).',
        '',
        table(['store', 'ms per append', 'baseline ms', '× baseline', 'appends/s, 1 writer', 'appends/s, 16 writers'], appendRows),
        '',
        `### \`/incident list\` and \`/incident show\` by number of incidents stored (median of ${LONG ? 21 : 7} interleaved rounds)`,
        '',
        `CPU ms of the command (wall ms in brackets): the median of ${REPEAT} runs per round, then of the rounds; the growth column is CPU at 10,000 over CPU at 10. Target: flat.`,
        '',
        table(['store', 'command', ...SIZES.map((s) => `${s.toLocaleString('en')} incidents`), '× (10,000 vs 10)', 'target'], lookupRows),
        '',
        `### ${NOTES.toLocaleString('en')} \`/incident note\` on one incident`,
        '',
        `Median ms per note over the first and the last tenth; baseline: \`store.append\` alone on another incident, in alternating blocks of 100. (\`BENCH_LONG=1\`: 10,000 notes.)`,
        '',
        table(['store', 'note ms, first → last tenth', 'append alone ms', 'note growth', 'append growth', 'target'], noteRows),
        '',
        `### ${EXPORT_EVENTS.toLocaleString('en')}-event \`/incident export\` (\`zhiban exec\`, child process, ${LONG ? 'median of 3 interleaved rounds' : 'one round; `BENCH_LONG=1`: median of 3'})`,
        '',
        'Wall time of the whole process and its peak RSS (max over rounds). The target (2 s) was set where `node -e ""` takes 66 ms, so it is judged as ×30 of `node -e ""` in the same run.',
        '',
        table(['store', 'format', 'ms', '`node -e ""` ms', '×', 'peak RSS MiB', 'target'], exportRows),
      ].join('\n');
    } finally {
      await redis?.stop();
    }
  },
};
