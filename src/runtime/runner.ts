import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A new runner identity for one app in this process: `<host>/<pid>/<nonce>`. */
export function thisRunner(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

/**
 * Whether the runner `<host>/<pid>/<nonce>` is alive: its pid is checked with signal 0 when it
 * is on this host (EPERM means it exists); undefined for another host, which this process cannot see.
 */
export function runnerAlive(runner: string): boolean | undefined {
  const [host, pidText] = runner.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}
