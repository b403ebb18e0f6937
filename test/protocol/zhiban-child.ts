import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve('bin/zhiban.js');

/** A `zhiban` child process with what it printed so far. */
export interface ZhibanChild {
  child: ChildProcess;
  /** Resolves with the exit code. */
  exit: Promise<number | null>;
  cwd: string;
  /** Resolves with the first match of `re` in stdout (throws with both streams if it never comes, or the process exits). */
  until(re: RegExp): Promise<RegExpMatchArray>;
  out(): string;
  err(): string;
}

/** Runs the built `zhiban` bin with `args` in `cwd`, with exactly `env` as its environment. */
export function spawnZhiban(args: string[], cwd: string, env: NodeJS.ProcessEnv): ZhibanChild {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const until = async (re: RegExp): Promise<RegExpMatchArray> => {
    for (let i = 0; i < 800; i++) {
      const m = re.exec(out);
      if (m) return m;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`zhiban ${args.join(' ')} never printed ${re}; stdout: ${out} stderr: ${err}`);
  };
  return { child, exit, cwd, until, out: () => out, err: () => err };
}
