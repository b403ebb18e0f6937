import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebuildIncident } from '../../src/review/schema.js';

const BIN = resolve('bin/zhiban.js');

function zhiban(cwd: string, line: string) {
  const r = spawnSync(process.execPath, [BIN, 'exec', '--as', 'alice', line], { cwd, encoding: 'utf8', env: { ...process.env, ZHIBAN_CONFIG: '', USER: 'nobody' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Three one-shot processes in a row: slow on a busy machine, so a longer limit than the default. */
describe('the review from the console, on the file store', () => {
  it('resolve prints where the draft is; export writes the JSON the incident can be rebuilt from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-review-cli-'));
    const declared = zhiban(dir, '/incident declare P1 支付回调失败');
    const id = /INC-\d{8}-001/.exec(declared.out)![0];
    const resolved = zhiban(dir, `/incident resolve ${id} 证书过期，已更新`);
    expect(resolved.code).toBe(0);
    expect(resolved.out).toContain(`Review draft: data/reviews/${id}.md (JSON: data/reviews/${id}.json)`);
    expect(readFileSync(join(dir, 'data', 'reviews', `${id}.md`), 'utf8')).toContain('证书过期，已更新');
    const exported = zhiban(dir, `/incident export ${id} json`);
    expect(exported.code).toBe(0);
    expect(exported.out).toContain(`data/exports/${id}.json`);
    const rebuilt = rebuildIncident(readFileSync(join(dir, 'data', 'exports', `${id}.json`), 'utf8'));
    expect(rebuilt.incident).toMatchObject({ id, status: 'resolved', resolution: '证书过期，已更新', eventCount: 2 });
  }, 120_000);
});
