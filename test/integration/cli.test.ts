import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/zhiban.js');

/** Runs `zhiban <args>` in `cwd` as a child process, like a script would. */
function zhiban(cwd: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, ZHIBAN_CONFIG: '', USER: 'nobody' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const fresh = () => mkdtempSync(join(tmpdir(), 'zhiban-cli-'));

describe('zhiban exec (one-shot, for scripts)', () => {
  it('prints the reply and exits 0; the data survives into the next process', () => {
    const dir = fresh();
    const declared = zhiban(dir, ['exec', '--as', 'alice', '/incident declare P1 支付回调失败，订单状态未更新']);
    expect(declared.code).toBe(0);
    expect(declared.out).toMatch(/^INC-\d{8}-001 · P1 serious · investigating · commander alice · respond within 15 min\n/);
    const listed = zhiban(dir, ['exec', '--as', 'bob', '/incident list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('支付回调失败，订单状态未更新');
  });

  it('exits 1 with the reason and usage when the command is refused', () => {
    const dir = fresh();
    const bad = zhiban(dir, ['exec', '--as', 'alice', '/incident declare P9 挂了']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✗ Invalid severity "P9"');
    expect(bad.out).toContain('Usage: /incident declare');
    const viewer = zhiban(dir, ['exec', '--as', 'carol', '/incident declare P1 x']);
    expect(viewer.code).toBe(1);
    expect(viewer.out).toContain('needs the role responder');
  });

  it('prints JSON with --json', () => {
    const r = zhiban(fresh(), ['exec', '--as', 'alice', '--json', '/incident list']);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, blocks: [{ type: 'text' }] });
  });

  it('exits 2 with every config problem listed when the config is broken', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'zhiban.yml'), 'locale: fr\nusers:\n  - { id: a, roles: [root] }\n');
    const r = zhiban(dir, ['exec', '--as', 'a', '/incident list']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('zhiban.yml: 2 problems');
    expect(r.err).toContain('locale (line 1)');
    expect(r.err).toContain('users[0].roles[0] (line 3)');
    expect(r.err).not.toMatch(/at .*\.js:\d+/);
  });

  it('exits 2 with usage for a bad invocation', () => {
    expect(zhiban(fresh(), ['exec']).code).toBe(2);
    expect(zhiban(fresh(), ['frob']).err).toContain('Usage:');
    expect(zhiban(fresh(), ['exec', '--locale', 'fr', '/help']).err).toContain('--locale must be one of zh-CN, en');
  });

  it('config check validates and exits', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'z.yml'), 'users: [{ id: zoe, roles: [admin] }]\n');
    const r = zhiban(dir, ['config', 'check', '--config', 'z.yml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('OK (1 users');
    expect(zhiban(dir, ['config', 'check', '--config', 'missing.yml']).code).toBe(2);
  });

  it('honours --data and --locale', () => {
    const dir = fresh();
    const r = zhiban(dir, ['exec', '--as', 'alice', '--data', 'elsewhere', '--locale', 'zh-CN', '/incident declare P2 慢']);
    expect(r.out).toContain('P2 一般 · 排查中');
    expect(zhiban(dir, ['exec', '--data', 'elsewhere', '/incident list']).out).toContain('慢');
    expect(zhiban(dir, ['exec', '/incident list']).out).toContain('No open incidents');
  });
});

describe('zhiban shell (interactive console)', () => {
  it('runs commands typed line by line, switches user with /as, survives errors, and keeps data after quitting', () => {
    const dir = fresh();
    const session = [
      '/incident declare P1 支付回调失败',
      '/nonsense',
      '/as carol',
      '/incident note carol cannot write',
      '/as bob',
      '/incident note 回调日志里有 signature error',
      '/quit',
      '/incident note never read',
    ].join('\n');
    const first = zhiban(dir, ['shell', '--as', 'alice'], session);
    expect(first.code).toBe(0);
    expect(first.out).toContain('you are alice (responder, approver)');
    expect(first.out).toContain('✗ Unknown command /nonsense');
    expect(first.out).toContain('You are now carol (viewer).');
    expect(first.out).toContain('✗ /incident note needs the role responder; carol has: viewer.');
    expect(first.out).toMatch(/Note added to INC-\d{8}-001\./);
    expect(first.out).toMatch(/Bye\. Everything is saved in .*data/);
    const second = zhiban(dir, ['shell', '--as', 'alice'], '/incident timeline\n');
    expect(second.out).toContain('bob    note: 回调日志里有 signature error');
    expect(second.out).not.toContain('never read');
    expect(second.out).not.toContain('carol cannot write');
  });

  it('an interrupted write leaves no half event: a process killed mid-run loses nothing already confirmed', async () => {
    const dir = fresh();
    zhiban(dir, ['exec', '--as', 'alice', '/incident declare P2 crash test']);
    const child = spawn(process.execPath, [BIN, 'shell', '--as', 'alice'], { cwd: dir, env: { ...process.env, ZHIBAN_CONFIG: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const confirmed = new Promise<void>((res) => child.stdout.on('data', () => out.includes('Note added') && res()));
    child.stdin.write('/incident note confirmed before the crash\n');
    await confirmed;
    child.kill('SIGKILL');
    await new Promise((res) => child.on('exit', res));
    const after = zhiban(dir, ['exec', '/incident timeline']);
    expect(after.out).toContain('note: confirmed before the crash');
  });
});

describe('console identity with a real config', () => {
  it('refuses --as and /as, so nobody can approve as someone else', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'zhiban.yml'), 'users:\n  - { id: ops, roles: [responder, approver] }\n  - { id: lead, roles: [approver] }\nplatforms: { console: { user: ops } }\n');
    const as = zhiban(dir, ['exec', '--as', 'lead', '/requests']);
    expect(as.code).toBe(2);
    expect(as.err).toContain('--as is off with this config');
    const shell = zhiban(dir, ['shell'], '/as lead\n/incident declare P3 still me\n');
    expect(shell.out).toContain('/as is off with this config');
    expect(zhiban(dir, ['exec', '/incident list']).out).toMatch(/still me/);
    expect(zhiban(dir, ['exec', '/incident timeline']).out).toMatch(/ops\s+declared P3/);
  });
});
