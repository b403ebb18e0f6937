import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The `zhiban` command as built by `npm run build` (bench/run.ts is started after the build). */
export const ZHIBAN_BIN = join(here, '..', 'bin', 'zhiban.js');

/** A CommonJS preload (written to a temp folder) that prints the process's peak RSS (`MAXRSS <KiB>`) on stderr at exit. */
export const RSS_PRELOAD = join(mkdtempSync(join(tmpdir(), 'zhiban-bench-')), 'maxrss.cjs');
writeFileSync(RSS_PRELOAD, "process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));\n");

/** What one child process did. */
export interface ChildRun {
  code: number | null;
  /** Wall time from spawn to exit, ms. */
  ms: number;
  /** Wall time from spawn to the first byte on stdout, ms (NaN when it printed nothing). */
  firstOutMs: number;
  /** Peak RSS in MiB (from RSS_PRELOAD), NaN when it did not say. */
  maxRssMiB: number;
  out: string;
  err: string;
}

/** Runs `node <args>` to its end with the RSS preload, in `cwd`, and times it. */
export function runNode(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-r', RSS_PRELOAD, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let firstOutMs = NaN;
    child.stdout.on('data', (d: Buffer) => {
      if (out === '') firstOutMs = performance.now() - started;
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const kib = Number(/MAXRSS (\d+)/.exec(err)?.[1] ?? NaN);
      resolve({ code, ms, firstOutMs, maxRssMiB: kib / 1024, out, err: err.replace(/MAXRSS \d+\n?/, '') });
    });
  });
}

/** Current resident set size of process `pid` in MiB (Linux /proc), NaN where that cannot be read. */
export function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) process `pid` has used so far, in ms (Linux /proc; clock ticks of 10 ms), NaN where unknown. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
