import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** An answer of test/support/redis-replica.ts. */
export interface ReplicaAnswer {
  id: number;
  ok?: boolean;
  text?: string;
  fired?: number;
  claimed?: string[];
  calls?: number;
  error?: string;
}

/**
 * A zhiban replica running as a child process (test/support/redis-replica.ts) over the Redis
 * store at `url`/`prefix`; `send` gives it one command and resolves with its answer. Whatever
 * the process writes to stderr is kept in `stderr`.
 */
export class ReplicaProcess {
  stderr = '';
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (a: ReplicaAnswer) => void; reject: (e: Error) => void }>();

  private constructor(private readonly proc: ChildProcess) {
    proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const answer = JSON.parse(line) as ReplicaAnswer;
      this.waiting.get(answer.id)?.resolve(answer);
      this.waiting.delete(answer.id);
    });
    proc.once('exit', () => {
      for (const w of this.waiting.values()) w.reject(new Error(`replica exited before answering: ${this.stderr}`));
      this.waiting.clear();
    });
  }

  /** Starts a replica and waits until it answers. */
  static async start(url: string, prefix: string, replicaId: string): Promise<ReplicaProcess> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/redis-replica.ts'], {
      env: { ...process.env, REDIS_URL: url, REDIS_PREFIX: prefix, REPLICA_ID: replicaId },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const replica = new ReplicaProcess(proc);
    await replica.send({ op: 'calls' });
    return replica;
  }

  /** Sends one command and resolves with the answer (rejects when the process exits first). */
  send(cmd: Record<string, unknown>): Promise<ReplicaAnswer> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.proc.stdin!.write(`${JSON.stringify({ id, ...cmd })}\n`);
    });
  }

  /** Kills the process with `signal` and waits until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const gone = new Promise((resolve) => this.proc.once('exit', resolve));
    if (signal === 'SIGTERM') this.proc.stdin!.end();
    else this.proc.kill(signal);
    await gone;
  }
}
