import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerSocketPath, TestContainers, testDocker, uniqueSuffix, waitFor } from '../support/docker.js';
import { harness, type Harness } from '../support/harness.js';

const docker = testDocker();
const boxes = new TestContainers(docker);
const sfx = uniqueSuffix();
const loop = 'trap "exit 0" TERM; while :; do sleep 0.1; done';
const REQ = (n: number): string => `REQ-20261122-00${n}`;
const scope = `zhiban.test.cleanup=${sfx}`;
const images: string[] = [];

const state = (name: string) => docker.getContainer(name).inspect().then((i) => i.State);
const gone = (name: string) => docker.getContainer(name).inspect().then(() => false, (e: { statusCode?: number }) => e.statusCode === 404);
const labStarted = async () => ({ ticker: (await state('ci-ticker')).StartedAt, web: (await state('ci-web')).StartedAt });

afterAll(async () => {
  await boxes.removeAll();
  for (const id of images) await docker.getImage(id).remove({ force: true }).catch(() => undefined);
}, 30_000);

/** A team config over the lab engine: alice responds, bob and erin approve. */
async function team(probes: string, actions = ''): Promise<Harness> {
  const h = await harness({
    yaml: `
users:
  - { id: alice, roles: [responder] }
  - { id: bob, roles: [approver] }
  - { id: erin, roles: [approver] }
probes:
  timeoutMs: 5000
  docker: { socketPath: ${dockerSocketPath()}, ${probes} }
actions:
  restartWaitSeconds: 15
${actions}
`,
  });
  await h.run('alice', '/incident declare P2 disk 95% on the app host');
  return h;
}

describe('/cleanup docker on the Docker lab', () => {
  const n = { exited: `clean_exited_${sfx}`, created: `clean_created_${sfx}`, running: `clean_running_${sfx}`, svc: `clean_svc_${sfx}`, back: `clean_back_${sfx}` };
  let dangling = '';

  beforeAll(async () => {
    const labels = { 'zhiban.test.cleanup': sfx };
    const exited = await boxes.run({ name: n.exited, script: 'echo done; exit 0', labels });
    await boxes.run({ name: n.created, script: loop, labels, start: false });
    await boxes.run({ name: n.running, script: loop, labels });
    await boxes.run({ name: n.svc, script: 'exit 1', labels: { ...labels, 'com.docker.compose.service': `svc-${sfx}` } });
    await boxes.run({ name: n.back, script: loop, labels, start: false });
    await waitFor(async () => ((await state(n.exited)).Status === 'exited' ? true : undefined), 'exited');
    await waitFor(async () => ((await state(n.svc)).Status === 'exited' ? true : undefined), 'svc exited');
    // an untagged image (dangling) carrying the test's label, made from the stopped container
    const made = (await exited.commit({ changes: [`LABEL zhiban.test.cleanup=${sfx}`] })) as { Id: string };
    dangling = made.Id;
    images.push(dangling);
  }, 30_000);

  it('previews the stopped containers and dangling images with their size, removes exactly those after approval', async () => {
    const h = await team(`services: { svc-${sfx}: { compose: svc-${sfx} } }`, `  dockerCleanup: { labels: ['${scope}'] }`);
    const lab = await labStarted();
    const asked = await h.run('alice', '/cleanup docker --reason "disk 95%"');
    expect(asked.text).toMatch(/remove 3 stopped container\(s\) and 1 dangling image\(s\), reclaiming up to \d/);
    for (const name of [n.exited, n.created, n.back]) expect(asked.text).toContain(name);
    expect(asked.text).toContain(dangling.replace('sha256:', '').slice(0, 12));
    expect(asked.text).toContain(`kept (containers of configured services): ${n.svc}`);
    expect(asked.text).not.toContain(n.running);
    expect(asked.text).toMatch(/dangling images \(1\):\n\s+ID\s+CREATED\s+SIZE\n\s+[0-9a-f]{12} /);
    expect(asked.text).toMatch(/reclaimable: up to [\d.]+ (B|KiB|MiB) \(container layers/);

    // between request and approval one container is started again: it must be kept
    await docker.getContainer(n.back).start();
    const self = await h.run('alice', `/approve ${REQ(1)}`);
    expect(self.text).toContain('/approve needs the role approver');
    const approved = await h.run('bob', `/approve ${REQ(1)}`);
    expect(approved.text).toContain(`${REQ(1)} (docker-cleanup): executed`);
    expect(approved.text).toMatch(/removed 2 container\(s\) and 1 image\(s\), up to .* reclaimed/);
    expect(approved.text).toContain(`${n.back}: running again, kept`);

    expect(await gone(n.exited)).toBe(true);
    expect(await gone(n.created)).toBe(true);
    expect(await docker.getImage(dangling).inspect().then(() => 'there', () => 'gone')).toBe('gone');
    expect((await state(n.running)).Running).toBe(true);
    expect((await state(n.back)).Running).toBe(true);
    expect((await state(n.svc)).Status).toBe('exited');
    expect(await labStarted()).toEqual(lab);
    expect((await docker.getImage('localhost/mini:latest').inspect()).RepoTags).toContain('localhost/mini:latest');

    const again = await h.run('alice', '/cleanup docker');
    expect(again.text).toContain(`nothing to clean up: no stopped containers and no dangling images (kept: ${n.svc}`);
    const bad = await h.run('alice', '/cleanup everything');
    expect(bad.text).toContain('/cleanup docker');
  });
});

describe('/restart all on the Docker lab', () => {
  const svc = { pair: `ra-pair-${sfx}`, solo: `ra-solo-${sfx}`, half: `ra-half-${sfx}`, flaky: `ra-flaky-${sfx}` };
  const n = { a: `ra_pair_${sfx}_1`, b: `ra_pair_${sfx}_2`, solo: `ra_solo_${sfx}`, up: `ra_half_${sfx}_up`, down: `ra_half_${sfx}_down`, flaky: `ra_flaky_${sfx}` };
  const compose = (s: string) => ({ 'com.docker.compose.service': s });

  beforeAll(async () => {
    await Promise.all([
      boxes.run({ name: n.a, script: loop, labels: compose(svc.pair) }),
      boxes.run({ name: n.b, script: loop, labels: compose(svc.pair) }),
      boxes.run({ name: n.solo, script: loop, labels: compose(svc.solo) }),
      boxes.run({ name: n.up, script: loop, labels: compose(svc.half) }),
      boxes.run({ name: n.down, script: loop, labels: compose(svc.half), start: false }),
      // healthy the first time, unhealthy on every later start: a restart that fails
      boxes.run({ name: n.flaky, script: `[ -f /tmp/ran ] && touch /tmp/bad; touch /tmp/ran; ${loop}`, labels: compose(svc.flaky), healthcheck: { script: '[ ! -f /tmp/bad ]', intervalMs: 100 } }),
    ]);
    await waitFor(async () => ((await state(n.flaky)).Health?.Status === 'healthy' ? true : undefined), 'flaky healthy', 20_000);
  }, 30_000);

  it('restarts every configured service one at a time after two approvals, keeping the only healthy instances', async () => {
    const services = `services: { ${svc.pair}: { compose: ${svc.pair} }, ${svc.solo}: { compose: ${svc.solo} }, ${svc.half}: { compose: ${svc.half} } }`;
    const h = await team(services);
    const lab = await labStarted();
    const before = { a: (await state(n.a)).StartedAt, b: (await state(n.b)).StartedAt, solo: (await state(n.solo)).StartedAt, up: (await state(n.up)).StartedAt };
    const asked = await h.run('alice', '/restart all --reason "宕机恢复"');
    expect(asked.text).toContain(`restart all services one at a time: ${svc.pair} (2), ${svc.half} (1); kept running: ${svc.solo}: ${n.solo}`);
    expect(asked.text).toContain(`${svc.half}: ${n.up}`);
    expect(asked.text).toContain('the first failure stops the rest');

    const first = await h.run('bob', `/approve ${REQ(1)}`);
    expect(first.text).toContain('1/2');
    expect((await state(n.a)).StartedAt).toBe(before.a);
    const second = await h.run('erin', `/approve ${REQ(1)}`);
    expect(second.text).toContain(`${REQ(1)} (restart-all): executed`);
    expect(second.text).toContain(`restarted ${svc.pair}: ${n.a}`);
    expect(second.text).toContain(`restarted ${svc.half}: ${n.down}`);

    const after = { a: await state(n.a), b: await state(n.b), solo: await state(n.solo), up: await state(n.up), down: await state(n.down) };
    expect(after.a.StartedAt).not.toBe(before.a);
    expect(after.b.StartedAt).not.toBe(before.b);
    expect(after.down.Running).toBe(true);
    expect(after.solo.StartedAt).toBe(before.solo);
    expect(after.up.StartedAt).toBe(before.up);
    expect(await labStarted()).toEqual(lab);
  });

  it('stops at the first failure and says, per service, what was and was not restarted', async () => {
    const h = await team(`services: { ${svc.flaky}: { compose: ${svc.flaky} }, ${svc.pair}: { compose: ${svc.pair} } }`, '  guards: { restartLastHealthy: true }');
    const before = (await state(n.a)).StartedAt;
    expect((await h.run('alice', '/restart all')).text).toContain(`${svc.flaky} (1), ${svc.pair} (2)`);
    await h.run('bob', `/approve ${REQ(1)}`);
    const done = await h.run('erin', `/approve ${REQ(1)}`);
    expect(done.text, done.text).toContain(`${n.flaky} runs again but its health check fails`);
    expect(done.text).toContain(`${svc.pair}: restarted -; not restarted ${n.a}`);
    expect((await state(n.a)).StartedAt).toBe(before);
  });

  it('is refused at approval when a service changed since the request, and restarts nothing', async () => {
    const grow = `ra-grow-${sfx}`;
    await boxes.run({ name: `${grow}_1`, script: loop, labels: compose(grow) });
    const h = await team(`services: { ${grow}: { compose: ${grow} }, ${svc.pair}: { compose: ${svc.pair} } }`, '  guards: { restartLastHealthy: true }');
    const before = { one: (await state(`${grow}_1`)).StartedAt, a: (await state(n.a)).StartedAt };
    expect((await h.run('alice', '/restart all')).text).toContain(`${grow} (1), ${svc.pair} (2)`);
    await boxes.run({ name: `${grow}_2`, script: loop, labels: compose(grow) });
    await h.run('bob', `/approve ${REQ(1)}`);
    const done = await h.run('erin', `/approve ${REQ(1)}`);
    expect(done.text).toContain(`the services changed since the request (${grow}): nothing was restarted; ask again`);
    expect((await state(`${grow}_1`)).StartedAt).toBe(before.one);
    expect((await state(n.a)).StartedAt).toBe(before.a);
  });

  it('is refused without configured services, naming what to do', async () => {
    const h = await team('services: {}');
    expect((await h.run('alice', '/restart all')).text).toContain('no services configured: /restart all restarts the services listed in probes.docker.services');
  });
});
