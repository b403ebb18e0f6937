import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/zhiban.js');
const fresh = () => mkdtempSync(join(tmpdir(), 'zhiban-cli-startup-'));

/** Runs `zhiban <args>` in `cwd` with `preload` (a CommonJS file) required first. */
function zhiban(cwd: string, args: string[], opts: { preload?: string; env?: NodeJS.ProcessEnv } = {}) {
  const node = opts.preload ? ['-r', opts.preload] : [];
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
    const loaded = /LOADED (.*)/.exec(r.err)?.[1]?.split(',') ?? [];
    expect(loaded).toContain('yaml');
    for (const heavy of ['@slack/bolt', '@slack/web-api', 'dockerode', 'mysql2', 'ioredis']) expect(loaded).not.toContain(heavy);
  });
});
