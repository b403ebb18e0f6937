import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/zhiban.js');
/** What scripts/bundle.js put in each file of dist/bundle/ (esbuild's metafile): output path → the source files in it. */
const BUNDLE_META = JSON.parse(readFileSync(resolve('dist/bundle/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
const fresh = () => mkdtempSync(join(tmpdir(), 'zhiban-cli-startup-'));

/** Runs `zhiban <args>` in `cwd` with `preload` (a CommonJS file) required first, or the ES module `hooks` imported first. */
function zhiban(cwd: string, args: string[], opts: { preload?: string; hooks?: string; env?: NodeJS.ProcessEnv } = {}) {
  const node = [...(opts.preload ? ['-r', opts.preload] : []), ...(opts.hooks ? ['--import', pathToFileURL(opts.hooks).href] : [])];
  const r = spawnSync(process.execPath, [...node, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ZHIBAN_CONFIG: '', ...opts.env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('zhiban exec start-up', () => {
  it('loads no chat SDK and no probe client library for a command that does not use them', () => {
    const dir = fresh();
    const preload = join(dir, 'loaded.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => { const seen = new Set(Object.keys(require.cache).map((f) => (/node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(f) || [])[1]).filter(Boolean)); process.stderr.write('LOADED ' + [...seen].sort().join(',') + '\\n'); });\n`,
    );
    const r = zhiban(dir, ['exec', '--as', 'alice', '/help'], { preload });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/LOADED /); // the preload saw the process end (zod, yaml and pino are in the bundle: it may list nothing)
    const loaded = /LOADED (.*)/.exec(r.err)?.[1]?.split(',') ?? [];
    for (const heavy of ['@slack/bolt', '@slack/web-api', 'dingtalk-stream', 'dockerode', 'mysql2', 'ioredis', 'amqplib']) expect(loaded).not.toContain(heavy);
    // metrics are served only by `zhiban start`; on-call times and patrol schedules only when configured or asked for
    for (const lazy of ['prom-client', 'luxon', 'croner']) expect(loaded).not.toContain(lazy);
  });

  it('loads no remediation handler, nor the probe code they re-check with, nor a chat adapter, for a command that files no request', () => {
    const dir = fresh();
    const hooks = join(dir, 'hooks.mjs');
    const list = join(dir, 'modules.txt');
    // a module-resolution hook that writes each resolved URL to `list` before the module loads
    const hook = `import { appendFileSync } from 'node:fs'; let out; export function initialize(d) { out = d.out; } export async function resolve(s, c, n) { const r = await n(s, c); appendFileSync(out, r.url + '\\n'); return r; }`;
    writeFileSync(hooks, `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), { data: { out: ${JSON.stringify(list)} } });\n`);
    const r = zhiban(dir, ['exec', '--as', 'alice', '/help'], { hooks });
    expect(r.code).toBe(0);
    // the bin runs the bundle (scripts/bundle.js): the source files in the bundle files it loaded
    const files = readFileSync(list, 'utf8').split('\n').filter((u) => u.includes('/dist/bundle/')).map((u) => `dist/bundle/${u.replace(/.*\/dist\/bundle\//, '')}`);
    const ours = files.flatMap((f) => Object.keys(BUNDLE_META.outputs[f]?.inputs ?? {}));
    expect(ours).toContain('src/cli/main.ts');
    expect(ours).toContain('src/actions/lazy.ts');
    for (const handler of ['restart', 'restart-all', 'docker-cleanup', 'kill-query', 'cache-purge', 'custom']) expect(ours).not.toContain(`src/actions/${handler}.ts`);
    for (const probe of ['docker', 'mysql', 'redis']) expect(ours).not.toContain(`src/probes/${probe}/probe.ts`);
    for (const platform of ['slack', 'dingtalk']) expect(ours).not.toContain(`src/adapters/${platform}/adapter.ts`);
    expect(ours).not.toContain('src/service/metrics.ts');
    expect(ours).not.toContain('src/runtime/serve.ts');
  });
});

/** A production-like config: nobody may act as someone else. */
const REAL = `
locale: en
users:
  - { id: alice, roles: [responder, approver] }
  - { id: bob, roles: [responder, approver] }
`;

describe('who the console is', () => {
  it('comes from the OS account through platforms.console.users, never from $USER', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'zhiban.yml'), REAL);
    const env = { USER: 'bob', LOGNAME: 'bob' };
    const spoofed = zhiban(dir, ['exec', '/incident declare P3 后台字体错位'], { env });
    expect(spoofed.code).toBe(1);
    expect(spoofed.out).toContain("is not in zhiban's user list");

    writeFileSync(join(dir, 'zhiban.yml'), `${REAL}platforms:\n  console: { users: { "${userInfo().uid}": alice } }\n`);
    const mapped = zhiban(dir, ['exec', '/incident declare P3 后台字体错位'], { env });
    expect(mapped.code).toBe(0);
    expect(mapped.out).toContain('commander alice');
  });

  it('a data folder created without impersonation refuses a trial config that allows it', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'real.yml'), REAL);
    writeFileSync(join(dir, 'trial.yml'), `${REAL}platforms:\n  console: { user: alice, impersonate: true }\n`);
    expect(zhiban(dir, ['exec', '--config', 'real.yml', '/incident list']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'data', 'zhiban-folder.json'), 'utf8'))).toMatchObject({ impersonate: false });
    const trial = zhiban(dir, ['exec', '--config', 'trial.yml', '--as', 'bob', '/incident list']);
    expect(trial.code).toBe(2);
    expect(trial.err).toContain('was created without impersonation');
    expect(zhiban(dir, ['exec', '--config', 'trial.yml', '--data', 'trial-data', '--as', 'bob', '/incident list']).code).toBe(0);
    expect(zhiban(dir, ['exec', '--config', 'real.yml', '--data', 'trial-data', '/incident list']).code).toBe(0);
  });
});

describe('a data folder zhiban cannot use', () => {
  it('still answers /help when the timer table is damaged, and says so in one plain line', () => {
    const dir = fresh();
    expect(zhiban(dir, ['exec', '/help']).code).toBe(0);
    writeFileSync(join(dir, 'data', 'timers.json'), '{"timers": [');
    const r = zhiban(dir, ['exec', '/help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('/incident');
    expect(r.err).toContain('due timers (request expiry, escalations) could not be run');
    expect(r.err).not.toMatch(/at .*\.js:\d+/);
  });

  it('says plainly that the data folder cannot be opened when it is not a folder', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'data'), 'not a folder');
    const r = zhiban(dir, ['exec', '/help']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`zhiban could not open its data folder ${join(dir, 'data')}`);
    expect(r.err).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('what libraries print', () => {
  it('prints nothing on stderr: a Redis password the server does not need is accepted quietly and never logged', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'zhiban.yml'), `${REAL}probes:\n  redis: { url: 'redis://:\${REDIS_PASSWORD}@127.0.0.1:6379/0' }\n`);
    const r = zhiban(dir, ['exec', '/check redis'], { env: { REDIS_PASSWORD: 'unneeded-pw-4f2a' } });
    expect(r.out).toContain('redis 127.0.0.1:6379');
    expect(r.err).not.toContain('[WARN]');
    const log = readFileSync(join(dir, 'data', 'zhiban.log'), 'utf8');
    expect(log).not.toContain('unneeded-pw-4f2a');
  });
});
