import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsFor, handler, step, userErrorText } from '../support/actions.js';
import { dockerSocketPath, TestContainers, testDocker, uniqueSuffix, waitFor } from '../support/docker.js';

const docker = testDocker();
const boxes = new TestContainers(docker);
const sfx = uniqueSuffix();
const loop = 'trap "exit 0" TERM; while :; do sleep 0.1; done';
const svc = { pair: `pair-${sfx}`, solo: `solo-${sfx}`, swap: `swap-${sfx}`, big: `big-${sfx}` };
const n = { a: `act_pair_${sfx}_1`, b: `act_pair_${sfx}_2`, solo: `act_solo_${sfx}`, swap: `act_swap_${sfx}` };
const compose = (service: string) => ({ 'com.docker.compose.service': service });
const healthy = { script: 'true', intervalMs: 100 };

const probes = {
  timeoutMs: 5000,
  docker: {
    socketPath: dockerSocketPath(),
    services: {
      [svc.pair]: { compose: svc.pair },
      [svc.solo]: { compose: svc.solo },
      [svc.swap]: { compose: svc.swap },
      [svc.big]: { compose: svc.big },
    },
  },
};
const guarded = actionsFor({ restartWaitSeconds: 15 }, probes);
const restart = handler(guarded, 'restart');

const state = (name: string) => docker.getContainer(name).inspect().then((i) => i.State);

beforeAll(async () => {
  await Promise.all([
    boxes.run({ name: n.a, script: loop, labels: compose(svc.pair) }),
    boxes.run({ name: n.b, script: loop, labels: compose(svc.pair) }),
    boxes.run({ name: n.solo, script: loop, labels: compose(svc.solo), healthcheck: healthy }),
    boxes.run({ name: n.swap, script: loop, labels: compose(svc.swap) }),
  ]);
  await waitFor(async () => ((await state(n.solo)).Health?.Status === 'healthy' ? true : undefined), 'solo healthy');
}, 30_000);

afterAll(() => boxes.removeAll(), 30_000);

describe('restart action against a real Docker Engine', () => {
  it('restarts both containers of a service one after the other, each with a new start time', async () => {
    const before = { a: await state(n.a), b: await state(n.b) };
    const preview = await restart.prepare({ service: svc.pair }, step());
    const ids = { a: (await docker.getContainer(n.a).inspect()).Id, b: (await docker.getContainer(n.b).inspect()).Id };
    expect(preview.summary.en).toBe(`restart ${svc.pair}: ${n.a} (${ids.a.slice(0, 12)}), ${n.b} (${ids.b.slice(0, 12)})`);
    expect(preview.summary['zh-CN']).toContain(`重启 ${svc.pair}`);
    expect(preview.detail).toContain('rolling restart');
    expect(preview.snapshot).toEqual({ containers: [{ id: ids.a, name: n.a }, { id: ids.b, name: n.b }] });
    expect(preview.risk).toBe('normal');

    const outcome = await restart.execute({ service: svc.pair }, preview.snapshot, step());
    expect(outcome.status, outcome.result.en).toBe('done');
    const after = { a: await state(n.a), b: await state(n.b) };
    expect(after.a.Running && after.b.Running).toBe(true);
    expect(after.a.StartedAt).not.toBe(before.a.StartedAt);
    expect(after.b.StartedAt).not.toBe(before.b.StartedAt);
    // Rolling: the second one was stopped only once the first one ran again.
    expect(Date.parse(after.b.FinishedAt)).toBeGreaterThanOrEqual(Date.parse(after.a.StartedAt));
    expect(outcome.result.en).toContain(`${n.a} (${ids.a.slice(0, 12)}): ${before.a.StartedAt} → ${after.a.StartedAt}`);
    expect(outcome.result.en).toContain(`${n.b} (${ids.b.slice(0, 12)}): ${before.b.StartedAt} → ${after.b.StartedAt}`);

    const [check] = await restart.verify!({ service: svc.pair });
    expect(check?.target).toBe(`docker ${svc.pair}`);
    expect(check?.verdict).toBe('ok');
  });

  it('narrows the restart to one named container of the service', async () => {
    const preview = await restart.prepare({ service: svc.pair, container: n.b }, step());
    expect(preview.summary.en).toMatch(new RegExp(`^restart ${svc.pair}: ${n.b} \\([0-9a-f]{12}\\)$`));
    const text = await userErrorText(restart.prepare({ service: svc.pair, container: 'nope' }, step()));
    expect(text).toContain(`${n.a}, ${n.b}`);
  });

  it('refuses to restart the last healthy instance, and restarts it once it is stopped', async () => {
    const text = await userErrorText(restart.prepare({ service: svc.solo }, step()));
    expect(text).toContain(`${n.solo} is the only healthy instance of ${svc.solo}`);
    expect(text).toContain('A stopped or unhealthy container may be restarted');
    expect(text).toContain('唯一健康的实例');

    await docker.getContainer(n.solo).stop({ t: 0 });
    const preview = await restart.prepare({ service: svc.solo }, step());
    const outcome = await restart.execute({ service: svc.solo }, preview.snapshot, step());
    expect(outcome.status, outcome.result.en).toBe('done');
    const now = await state(n.solo);
    expect(now.Running).toBe(true);
    expect(now.Health?.Status).toBe('healthy');
  });

  it('refuses when the container was recreated between request and execution', async () => {
    const unguarded = handler(actionsFor({ guards: { restartLastHealthy: true } }, probes), 'restart');
    const preview = await unguarded.prepare({ service: svc.swap }, step());
    await docker.getContainer(n.swap).remove({ force: true });
    await boxes.run({ name: n.swap, script: loop, labels: compose(svc.swap) });
    const started = (await state(n.swap)).StartedAt;

    const outcome = await unguarded.execute({ service: svc.swap }, preview.snapshot, step());
    expect(outcome.status).toBe('refused');
    expect(outcome.result.en).toContain('the containers changed since the request');
    expect(outcome.result['zh-CN']).toContain('容器已变化');
    expect((await state(n.swap)).StartedAt).toBe(started);
  });

  it('refuses a rolling restart of more than 10 containers of a compose service', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `act_big_${sfx}_${String(i).padStart(2, '0')}`);
    await Promise.all(names.map((name) => boxes.run({ name, script: loop, labels: compose(svc.big), start: false })));
    const text = await userErrorText(restart.prepare({ service: svc.big }, step()));
    expect(text).toContain(`${svc.big} has 11 containers; one restart request may roll through at most 10`);
    expect(text).toContain('container=');
    expect(text).toContain('最多滚动重启 10 个');
    const one = await restart.prepare({ service: svc.big, container: names[0]! }, step());
    expect(one.summary.en).toContain(names[0]);
    for (const name of names) expect((await state(name)).Status).toBe('created');
  });

  it('bounds its run time by the containers it may restart, each with its wait and the 10 s stop timeout (no waiting)', () => {
    const listed = { [`listed-${sfx}`]: { containers: ['l1', 'l2', 'l3'] }, [`mixed-${sfx}`]: { containers: ['m1'], compose: 'mixed' } };
    const r = handler(actionsFor({ restartWaitSeconds: 30 }, { ...probes, docker: { ...probes.docker, services: { ...probes.docker.services, ...listed } } }), 'restart');
    const perContainer = (30 + 10) * 1000;
    const base = 5000 + 5000; // one look at the engine (probes.timeoutMs) + slack
    expect(r.maxRunMs!({ service: `listed-${sfx}` })).toBe(base + 3 * perContainer);
    expect(r.maxRunMs!({ service: 'l2' })).toBe(base + perContainer);
    expect(r.maxRunMs!({ service: svc.pair, container: n.a })).toBe(base + perContainer);
    for (const service of [svc.pair, `mixed-${sfx}`, `ghost-${sfx}`]) expect(r.maxRunMs!({ service })).toBe(base + 10 * perContainer);
    expect(r.maxRunMs!({ service: 42 })).toBe(base + 10 * perContainer);
    // Three listed containers with the default 60 s wait: well past a fixed 2 minutes.
    const byDefault = handler(actionsFor({}, { ...probes, docker: { ...probes.docker, services: listed } }), 'restart');
    expect(byDefault.maxRunMs!({ service: `listed-${sfx}` })).toBe(base + 3 * 70_000);
  });

  it('names the known services when the service is unknown', async () => {
    const text = await userErrorText(restart.prepare({ service: `ghost-${sfx}` }, step()));
    expect(text).toContain(`unknown service "ghost-${sfx}"`);
    for (const s of Object.values(svc)) expect(text).toContain(s);
  });

  it('rejects parameters that are not a service name', async () => {
    const text = await userErrorText(restart.prepare({ service: '' }, step()));
    expect(text).toContain('invalid service');
    expect(await userErrorText(restart.prepare({ service: 'x', force: true }, step()))).toContain('unknown parameter(s) force');
  });
});
