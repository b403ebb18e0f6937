import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';

/** The lab engine's socket: env DOCKER_SOCKET, else the path docker-lab.sh prints. */
export function dockerSocketPath(): string {
  return process.env.DOCKER_SOCKET ?? '/tmp/dockerlab/ci/docker.sock';
}

/** The loopback port of the lab's ci-web container: env DOCKERLAB_WEB_PORT as docker-lab.sh reads it, default 18080. */
export function labWebPort(): number {
  return Number(process.env.DOCKERLAB_WEB_PORT ?? 18080);
}

/** A dockerode client for the lab engine. */
export function testDocker(): Docker {
  return new Docker({ socketPath: dockerSocketPath() });
}

/** A short random suffix for names that must not collide with parallel test files. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** Label on every container the tests create, to tell them apart from the lab's own. */
export const TEST_LABEL = 'zhiban.test';

/** What a test container runs: `sh -c <script>` in the busybox image, with no network. */
export interface TestContainerSpec {
  name: string;
  script: string;
  labels?: Record<string, string>;
  /** A healthcheck command run by `sh -c` every `intervalMs`; one failure makes it unhealthy. */
  healthcheck?: { script: string; intervalMs: number };
  restartPolicy?: { Name: 'no' | 'on-failure' | 'always'; MaximumRetryCount?: number };
  tty?: boolean;
  /** Start it (default true). */
  start?: boolean;
}

/**
 * Creates busybox containers from `localhost/mini:latest` and remembers them, so `removeAll`
 * (called from afterAll) force-removes every one of them whatever the test did.
 */
export class TestContainers {
  private readonly created: Docker.Container[] = [];

  constructor(readonly docker: Docker = testDocker()) {}

  /** Creates (and by default starts) one container, remembered for `removeAll`. */
  async run(spec: TestContainerSpec): Promise<Docker.Container> {
    const ms = 1_000_000;
    const container = await this.docker.createContainer({
      name: spec.name,
      Image: 'localhost/mini:latest',
      Cmd: ['sh', '-c', spec.script],
      Tty: spec.tty ?? false,
      Labels: { [TEST_LABEL]: '1', ...spec.labels },
      ...(spec.healthcheck
        ? {
            Healthcheck: {
              Test: ['CMD-SHELL', spec.healthcheck.script],
              Interval: spec.healthcheck.intervalMs * ms,
              Timeout: 1000 * ms,
              Retries: 1,
              StartPeriod: 0,
            },
          }
        : {}),
      HostConfig: { NetworkMode: 'none', ...(spec.restartPolicy ? { RestartPolicy: spec.restartPolicy } : {}) },
    });
    this.created.push(container);
    if (spec.start ?? true) await container.start();
    return container;
  }

  /** Force-removes every container created here; missing ones are fine. */
  async removeAll(): Promise<void> {
    await Promise.all(this.created.map((c) => c.remove({ force: true }).catch(() => undefined)));
    this.created.length = 0;
  }
}

/**
 * Polls `check` against the real engine every `everyMs` until it returns a value, for at most
 * `timeoutMs` (a wait for a real engine, not a stand-in for a fake clock).
 */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 8000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
