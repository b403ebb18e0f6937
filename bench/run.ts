import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ratio, type Bench, type Report } from './harness.js';

/**
 * `npm run bench`: runs every `bench/*.bench.ts` (each exports `bench: Bench`) and writes one
 * BENCHMARKS.md section per file between `<!-- bench:<id> -->` markers, replacing that section
 * only, so benches can be added as separate files. Times are medians of interleaved rounds and
 * are reported as ratios to a baseline measured in the same run on the same input. A file may
 * instead export `report: Report` (whole-operation benchmarks that write their own table).
 * `npm run bench -- <id> …` runs only those sections; `BENCH_LONG=1` runs the long versions.
 */
const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'BENCHMARKS.md');
const only = process.argv.slice(2);
const ROUNDS = 7;

function fmtSize(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MB` : `${n / 1024} KB`;
}

function section(b: Bench): string {
  const head = `| input | ${b.sizes.map(fmtSize).join(' | ')} |`;
  const rule = `|---|${b.sizes.map(() => '---:').join('|')}|`;
  const rows = b.cases.map((c) => {
    const cells = b.sizes.map((size) => {
      const r = ratio(c.make(size), c.run, b.baseline, ROUNDS);
      process.stdout.write(`${b.id}  ${c.label.padEnd(48)} ${fmtSize(size).padStart(7)}  ×${r.ratio.toFixed(1).padStart(7)}  (${r.ms.toFixed(2)} ms vs ${r.baseMs.toFixed(2)} ms)\n`);
      return `×${r.ratio.toFixed(1)}`;
    });
    return `| ${c.label} | ${cells.join(' | ')} |`;
  });
  return [
    `<!-- bench:${b.id} -->`,
    `## ${b.title}`,
    '',
    `Time as a multiple of the baseline (${b.baselineLabel}), median of ${ROUNDS} interleaved rounds, node ${process.version}.`,
    'A row that stays flat as the input grows is linear; a quadratic one would grow ×100 from 100 KB to 1 MB.',
    '',
    head,
    rule,
    ...rows,
    `<!-- /bench:${b.id} -->`,
  ].join('\n');
}

function reportSection(r: Report, body: string): string {
  return [`<!-- bench:${r.id} -->`, `## ${r.title}`, '', body.trim(), `<!-- /bench:${r.id} -->`].join('\n');
}

function replaceSection(doc: string, id: string, text: string): string {
  const start = doc.indexOf(`<!-- bench:${id} -->`);
  const endMarker = `<!-- /bench:${id} -->`;
  const end = doc.indexOf(endMarker);
  if (start < 0 || end < 0) return `${doc.trimEnd()}\n\n${text}\n`;
  return `${doc.slice(0, start)}${text}${doc.slice(end + endMarker.length)}`;
}

const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
let doc = existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench` (bench/run.ts); each section comes from one `bench/*.bench.ts`.\n';
for (const file of files) {
  const mod = (await import(join(here, file))) as { bench?: Bench; report?: Report };
  const id = mod.bench?.id ?? mod.report?.id ?? file;
  if (only.length > 0 && !only.includes(id)) continue;
  const text = mod.report ? reportSection(mod.report, await mod.report.run()) : section(mod.bench!);
  doc = replaceSection(doc, id, text);
  // each section is kept as soon as it is measured, so a later failure loses nothing
  writeFileSync(out, doc);
}
writeFileSync(out, doc);
process.stdout.write(`wrote ${out}\n`);
