import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfigText } from '../../src/config/load.js';

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): ConfigError['problems'] {
  try {
    parseConfigText(yaml, 'zhiban.yml', env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('starts with embedded defaults when no file exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-cfg-'));
    const loaded = loadConfig({ env: {}, cwd: dir });
    expect(loaded.source).toBe('(embedded defaults)');
    expect(loaded.config.users.map((u) => u.id)).toEqual(['alice', 'bob', 'carol']);
    expect(loaded.config.dataDir).toBe('./data');
    expect(loaded.config.access.unknownUsers).toEqual(['viewer']);
  });

  it('reads ./zhiban.yml, or the file named by --config / ZHIBAN_CONFIG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-cfg-'));
    writeFileSync(join(dir, 'zhiban.yml'), 'locale: zh-CN\n');
    writeFileSync(join(dir, 'other.yml'), 'locale: en\ntimezone: Asia/Shanghai\n');
    expect(loadConfig({ env: {}, cwd: dir }).config.locale).toBe('zh-CN');
    expect(loadConfig({ env: { ZHIBAN_CONFIG: 'other.yml' }, cwd: dir }).config.timezone).toBe('Asia/Shanghai');
    expect(() => loadConfig({ path: 'missing.yml', env: {}, cwd: dir })).toThrow(/file not found; copy zhiban.example.yml/);
  });

  it('reports every problem at once, with its path and line', () => {
    const found = problems(`locale: fr
timezone: Mars/Olympus
users:
  - id: alice
    roles: [root]
  - id: alice
contacts:
  - name: 张三
    phone: call-me
    user: nobody
tyop: 1
`);
    const byPath = Object.fromEntries(found.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(
      ['contacts[0]', 'contacts[0].phone', 'contacts[0].user', 'locale', 'timezone', 'tyop', 'users[0].roles[0]', 'users[1].id'].sort(),
    );
    expect(byPath.locale!.line).toBe(1);
    expect(byPath['users[0].roles[0]']!.line).toBe(5);
    expect(byPath.tyop!.message).toContain('unknown key');
    expect(byPath['users[1].id']!.message).toContain('duplicate user id "alice"');
    expect(byPath['contacts[0].user']!.message).toBe('no user "nobody" under users:');
  });

  it('formats the error for a human, in both languages', () => {
    try {
      parseConfigText('locale: fr\n', 'zhiban.yml', {});
    } catch (e) {
      expect((e as Error).message).toMatch(/^zhiban.yml: 1 problem \/ 配置有 1 处问题:\n {2}- locale \(line 1\): /);
    }
  });

  it('reports YAML syntax errors with their line', () => {
    const found = problems('users:\n  - id: alice\n   roles: [x\n');
    expect(found[0]!.path).toBe('(yaml)');
    expect(found[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('takes secrets only from ${ENV} references, and remembers them for redaction', () => {
    const ok = parseConfigText('log: { level: info }\nusers: []\n', 't', {});
    expect(ok.secrets).toEqual([]);
    const literal = problems('platforms: {}\nusers: []\nlog: { level: info }\naccess: {}\ncontacts: []\n' + 'dataDir: ./d\n' + 'x_token: abc\n');
    expect(literal.some((p) => p.path === 'x_token' && /must come from the environment/.test(p.message))).toBe(true);
  });

  it('refuses literal secrets and defaults for secrets, in URLs and HTTP headers too', () => {
    const found = problems(`probes:
  mysql: { dsn: 'mysql://root:\${DBPW:-hunter2secret}@db:3306/mall' }
  http:
    targets:
      - { name: api, url: 'http://127.0.0.1/', headers: { Authorization: 'Bearer sk_live_123456' } }
      - { name: ok, url: 'http://127.0.0.1/', headers: { Authorization: 'Bearer \${TOKEN}' } }
`, { DBPW: 'x', TOKEN: 'tok-123456789' });
    expect(found.map((p) => p.path).sort()).toEqual(['probes.http.targets[0].headers.Authorization', 'probes.mysql.dsn']);
    const ok = parseConfigText("probes: { http: { targets: [{ name: ok, url: 'http://127.0.0.1/', headers: { X-Api-Key: '${KEY}' } }] } }\n", 't', { KEY: 'k-987654321' });
    expect(ok.secrets).toContain('k-987654321');
  });

  it('substitutes environment variables and names the missing ones', () => {
    const { config } = parseConfigText('dataDir: ${DATA:-/var/lib/zhiban}\nlocale: ${LANG_Z}\n', 't', { LANG_Z: 'zh-CN' });
    expect(config.dataDir).toBe('/var/lib/zhiban');
    expect(config.locale).toBe('zh-CN');
    const missing = problems('locale: ${NOPE}\n');
    expect(missing[0]).toMatchObject({ path: 'locale', line: 1, message: 'environment variable NOPE is not set' });
  });
});
