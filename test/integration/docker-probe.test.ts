import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { Redactor } from '../../src/core/redact.js';
import { clientAddress, createDockerClient, dockerProbeConfigSchema, type DockerProbeConfig } from '../../src/probes/docker/config.js';
import { UnknownServiceError } from '../../src/probes/docker/errors.js';
import { dockerProbes } from '../../src/probes/docker/probe.js';
import { listServiceContainers, resolveService, resolveServiceOnEngine } from '../../src/probes/docker/services.js';
import { runProbe } from '../../src/probes/run-probe.js';
import type { ProbeResult } from '../../src/probes/types.js';
import { TestContainers, testDocker, uniqueSuffix, waitFor } from '../support/docker.js';

const docker = testDocker();
const boxes = new TestContainers(docker);
const sfx = uniqueSuffix();
const redactor = new Redactor();
const redact = (s: string): string => redactor.redact(s);
const loop = 'trap "exit 0" TERM; while :; do sleep 1; done';
const n = {
  backend1: `mall_backend_${sfx}_1`,
  backend2: `mall_backend_${sfx}_2`,
  stopped: `mall_stopped_${sfx}`,
  sick: `mall_sick_${sfx}`,
  fine: `mall_fine_${sfx}`,
  flaky: `mall_flaky_${sfx}`,
};
const compose = (service: string) => ({ 'com.docker.compose.service': service });

function config(services: Record<string, unknown>, extra: Record<string, unknown> = {}): DockerProbeConfig {
  return dockerProbeConfigSchema.parse({ services, ...extra });
}

async function check(cfg: DockerProbeConfig, service?: string, clock?: FakeClock): Promise<ProbeResult[]> {
  const probes = dockerProbes(cfg, docker, { ...(service ? { service } : {}), ...(clock ? { clock } : {}) });
  return Promise.all(probes.map((p) => runProbe(p, 5000, redact)));
}

async function one(cfg: DockerProbeConfig, service: string, clock?: FakeClock): Promise<ProbeResult> {
  const [result] = await check(cfg, service, clock);
  return result!;
}

const texts = (r: ProbeResult): string => r.findings.map((f) => `${f.text.en} | ${f.text['zh-CN']}`).join('\n');

beforeAll(async () => {
  const exited = boxes.run({ name: n.backend2, script: 'echo boom; exit 3', labels: compose(`backend-${sfx}`) });
  await Promise.all([
    boxes.run({ name: n.backend1, script: loop, labels: compose(`backend-${sfx}`) }),
    exited.then((c) => c.wait()),
    boxes.run({ name: n.stopped, script: 'sleep 3600' }).then((c) => c.stop({ t: 0 })),
    boxes.run({
      name: n.sick,
      script: loop,
      healthcheck: { script: 'echo "db check failed: mysql://app:hunter2@db/mall"; false', intervalMs: 100 },
    }),
    boxes.run({ name: n.fine, script: loop, healthcheck: { script: 'true', intervalMs: 100 } }),
    boxes.run({
      name: n.flaky,
      script: '[ -f /tmp/once ] && exec sleep 3600; touch /tmp/once; exit 1',
      restartPolicy: { Name: 'on-failure', MaximumRetryCount: 1 },
    }),
  ]);
  const state = (name: string) => docker.getContainer(name).inspect().then((i) => i.State);
  await Promise.all([
    waitFor(async () => ((await state(n.sick)).Health?.Status === 'unhealthy' ? true : undefined), 'unhealthy'),
    waitFor(async () => ((await state(n.fine)).Health?.Status === 'healthy' ? true : undefined), 'healthy'),
    waitFor(async () => {
      const [s, i] = await Promise.all([state(n.flaky), docker.getContainer(n.flaky).inspect()]);
      return s.Running && i.RestartCount === 1 ? true : undefined;
    }, 'one restart'),
  ]);
}, 30_000);

afterAll(() => boxes.removeAll(), 30_000);

describe('docker probe against a real engine', () => {
  it('reports the lab containers as running with their uptime', async () => {
    const results = await check(config({ ticker: { containers: ['ci-ticker'] }, web: { containers: ['ci-web'] } }));
    expect(results.map((r) => [r.target, r.verdict])).toEqual([
      ['docker ticker', 'ok'],
      ['docker web', 'ok'],
    ]);
    expect(results[0]!.summary.en).toMatch(/^ticker: 1\/1 running, up \d+ (s|min|h|d)/);
    expect(results[0]!.summary['zh-CN']).toMatch(/^ticker：1\/1 运行中，已运行 \d+ (秒|分钟|小时|天)/);
    expect(results[0]!.detail).toContain('ci-ticker');
  });

  it('says how long a healthy service has been up, from the container start time', async () => {
    const [fine] = await listServiceContainers(docker, config({ fine: { containers: [n.fine] } }), 'fine');
    const clock = new FakeClock(Date.parse(fine!.startedAt!) + (3 * 60 + 5) * 60_000);
    const r = await one(config({ fine: { containers: [n.fine] } }), 'fine', clock);
    expect(r.verdict).toBe('ok');
    expect(r.summary).toEqual({ en: 'fine: 1/1 running, healthy, up 3 h 5 min', 'zh-CN': 'fine：1/1 运行中，健康，已运行 3 小时 5 分钟' });
  });

  it('marks a service crit when one of its compose containers has exited, with exit code and when', async () => {
    const cfg = config({ backend: { compose: `backend-${sfx}` } });
    const containers = await listServiceContainers(docker, cfg, 'backend');
    expect(containers.map((c) => [c.name, c.service, c.state, c.exitCode])).toEqual([
      [n.backend1, 'backend', 'running', null],
      [n.backend2, 'backend', 'exited', 3],
    ]);
    const r = await one(cfg, 'backend');
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toMatch(new RegExp(`^backend: 1/2 running; ${n.backend2} is exited \\(exit code 3, \\d+ s ago at 20\\d\\d-`));
    expect(r.findings[0]).toMatchObject({ verdict: 'crit' });
    expect(r.findings[0]!.text['zh-CN']).toContain('退出码 3');
    expect(texts(r)).toContain(`${n.backend1} running`);
  });

  it('marks a stopped container crit with the kill exit code', async () => {
    const r = await one(config({ stopped: { containers: [n.stopped] } }), 'stopped');
    expect(r.verdict).toBe('crit');
    expect(texts(r)).toContain('exit code 137');
    expect(texts(r)).toContain('no running container');
  });

  it('marks an unhealthy container crit and keeps the secret from its health check output out', async () => {
    const r = await one(config({ sick: { containers: [n.sick] } }), 'sick');
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toContain(`${n.sick} is unhealthy`);
    expect(r.summary['zh-CN']).toContain('健康检查失败');
    expect(r.detail).toContain('db check failed');
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });

  it('warns when restarts reach the threshold, and not below it', async () => {
    const cfg = (restartWarn: number) => config({ flaky: { containers: [n.flaky] } }, { restartWarn });
    const warned = await one(cfg(1), 'flaky');
    expect(warned.verdict).toBe('warn');
    expect(warned.summary.en).toContain(`${n.flaky} restarted 1 time (warning at 1)`);
    expect((await one(cfg(3), 'flaky')).verdict).toBe('ok');
  });

  it('reports a configured container that does not exist, and a compose service with no container', async () => {
    const cfg = config({
      backend: { containers: [n.backend1, `mall_backend_${sfx}_9`] },
      ghost: { compose: `ghost-${sfx}` },
    });
    const [backend, ghost] = await check(cfg);
    expect(backend!.verdict).toBe('crit');
    expect(backend!.summary.en).toBe(`backend: 1/2 running; mall_backend_${sfx}_9 not found on the engine`);
    expect(ghost!.verdict).toBe('crit');
    expect(ghost!.summary.en).toBe(`ghost: 0/0 running; no container found (compose service "ghost-${sfx}")`);
  });

  it('rejects an unknown service name, listing the known ones; a configured container name narrows to it', () => {
    const cfg = config({ nginx: {}, backend: { containers: [n.backend1, n.backend2] }, 'redis-master': {} });
    expect(() => dockerProbes(cfg, docker, { service: 'payments' })).toThrow(UnknownServiceError);
    const err = ((): unknown => {
      try {
        return resolveService(cfg, 'payments');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownServiceError);
    expect((err as UnknownServiceError).text).toEqual({
      en: 'unknown service "payments"; known services: backend, nginx, redis-master',
      'zh-CN': '未知服务“payments”；已知服务：backend、nginx、redis-master',
    });
    expect(resolveService(cfg, n.backend2)).toEqual({ name: 'backend', containers: [n.backend2], minHealthy: 1 });
    expect(resolveService(cfg, 'nginx')).toEqual({ name: 'nginx', compose: 'nginx', minHealthy: 1 });
  });

  it('accepts the name of a container of a configured compose service, narrowed to it', async () => {
    const cfg = config({ backend: { compose: `backend-${sfx}` } });
    const spec = await resolveServiceOnEngine(docker, cfg, n.backend1);
    expect(spec).toEqual({ name: 'backend', containers: [n.backend1], minHealthy: 1 });
    const [r] = await Promise.all(dockerProbes(cfg, docker, { service: spec }).map((p) => runProbe(p, 5000, redact)));
    expect(r!.verdict).toBe('ok');
    expect(r!.summary.en).toMatch(/^backend: 1\/1 running, up /);
    await expect(resolveServiceOnEngine(docker, cfg, 'ci-web')).rejects.toThrow('unknown service "ci-web"; known services: backend');
  });

  it('without configured services, checks every container as its own service', async () => {
    const [all] = await check(config({}));
    expect(all!.target).toBe('docker (all containers)');
    expect(texts(all!)).toMatch(/ci-ticker: 1\/1 running, up/);
    expect(texts(all!)).toContain(`backend-${sfx}: 1/2 running`);
    expect(all!.verdict).toBe('crit');
    expect((await one(config({}), 'ci-web')).verdict).toBe('ok');
    const unknown = await one(config({}), `nope-${sfx}`);
    expect(unknown.verdict).toBe('error');
    expect(unknown.summary.en).toMatch(new RegExp(`^unknown service "nope-${sfx}"; known services: .*ci-ticker, ci-web`));
  });

  it('reports an engine whose socket does not exist as crit, naming the address', async () => {
    const missing = join(tmpdir(), `zhiban-no-docker-${sfx}.sock`);
    const [r] = await Promise.all(
      dockerProbes(config({ api: {} }), createDockerClient({ socketPath: missing })).map((p) => runProbe(p, 2000, redact)),
    );
    expect(r!.verdict).toBe('crit');
    expect(r!.summary.en).toBe(`Docker engine unix://${missing}: socket not found (connect ENOENT ${missing})`);
    expect(r!.summary['zh-CN']).toContain('套接字不存在');
  });

  it('reports a refused TCP engine as crit', async () => {
    const env = { DOCKER_HOST: 'tcp://127.0.0.1:1' };
    const client = createDockerClient({}, env);
    expect(clientAddress(client)).toBe('tcp://127.0.0.1:1');
    const [r] = await Promise.all(dockerProbes(config({}), client).map((p) => runProbe(p, 2000, redact)));
    expect(r!.verdict).toBe('crit');
    expect(r!.summary.en).toContain('connection refused');
  });

  it('gives up on an engine that never answers at the deadline, and closes the connection', async () => {
    const path = join(tmpdir(), `zhiban-hung-${sfx}.sock`);
    const sockets: Socket[] = [];
    let closed = 0;
    const server: Server = createServer((s) => {
      sockets.push(s);
      s.resume();
      s.on('close', () => (closed += 1));
    });
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const [probe] = dockerProbes(config({ api: {} }), createDockerClient({ host: `unix://${path}` }));
      const started = performance.now();
      const r = await runProbe(probe!, 300, redact);
      expect(r.verdict).toBe('timeout');
      expect(performance.now() - started).toBeLessThan(1000);
      await waitFor(async () => (closed > 0 ? true : undefined), 'the aborted request to close its socket', 2000, 20);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses a Docker address it cannot use', () => {
    expect(() => createDockerClient({}, { DOCKER_HOST: 'ssh://me@box' })).toThrow(/unsupported Docker address "ssh:\/\/me@box"/);
    expect(() => dockerProbeConfigSchema.parse({ host: 'ssh://me@box' })).toThrow(/unix:\/\/\/path/);
    expect(clientAddress(createDockerClient({}, {}))).toBe('unix:///var/run/docker.sock');
  });
});
