import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const LAB = resolve('../shared/docker-lab.sh');
let startedLab = false;

function labSocket(cmd: 'status' | 'up'): string | undefined {
  try {
    const out = execFileSync('bash', [LAB, cmd], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return out.trim().split('\n').at(-1);
  } catch {
    return undefined;
  }
}

/**
 * Builds dist/ once with `npm run build` (child-process tests run the real `zhiban` bin, which runs the bundle) and makes sure a Docker
 * Engine is there for the integration tests: DOCKER_SOCKET if set, else the docker lab from
 * ../shared, started here (and stopped again in teardown) when it is not up yet.
 */
export default function setup(): () => void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (!process.env.DOCKER_SOCKET && existsSync(LAB)) {
    let sock = labSocket('status');
    if (!sock) {
      sock = labSocket('up');
      startedLab = sock !== undefined;
    }
    if (sock) process.env.DOCKER_SOCKET = sock;
  }
  return () => {
    if (startedLab) execFileSync('bash', [LAB, 'down'], { stdio: 'inherit' });
  };
}
