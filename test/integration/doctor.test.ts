import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/service/doctor/run.js';
import { FakeSlack } from '../protocol/fake-slack.js';
import { freePort, RedisServer } from '../support/redis-server.js';

const TOKEN = 'xoxb-5555-4444-doctortesttoken';
const DT_SECRET = 'dingtalk-app-secret-0a1b2c3d';

/** A local stand-in for DingTalk's POST /v1.0/oauth2/accessToken. */
async function fakeDingtalk(): Promise<{ base: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const ok = req.url === '/v1.0/oauth2/accessToken' && (JSON.parse(body) as { appSecret?: string }).appSecret === DT_SECRET;
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { accessToken: 'at-123', expireIn: 7200 } : { code: 'invalidClientSecret', message: 'appSecret is wrong' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Runs `zhiban doctor` with `yaml` as zhiban.yml in a fresh folder; resolves to its exit code and output. */
async function doctor(yaml: string, env: NodeJS.ProcessEnv = {}, locale?: 'en' | 'zh-CN'): Promise<{ code: number; out: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'zhiban-doctor-'));
  writeFileSync(join(cwd, 'zhiban.yml'), yaml);
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const code = await runDoctor({ env, cwd, out, ...(locale ? { locale } : {}) });
  return { code, out: text };
}

let fake: FakeSlack;
let dingtalk: { base: string; server: Server };
let redis: RedisServer;
let laxRedis: RedisServer;
let closed: number;

beforeAll(async () => {
  fake = await FakeSlack.start();
  dingtalk = await fakeDingtalk();
  redis = await RedisServer.start();
  laxRedis = await RedisServer.start(['--appendfsync', 'everysec']);
  closed = await freePort();
});
afterAll(async () => {
  await fake.close();
  dingtalk.server.close();
  await redis.stop();
  await laxRedis.stop();
});

const probes = (mysqlPort = 3306) => `probes:\n  timeoutMs: 3000\n  mysql: { dsn: "mysql://root@127.0.0.1:${mysqlPort}/test" }\n`;

describe('zhiban doctor', () => {
  it('passes the store, its durability, Slack, DingTalk and a reachable MariaDB, each on one checklist line', async () => {
    const { out } = await doctor(`store: { kind: redis, url: "${redis.url}", timeoutMs: 2000 }\n${probes()}`, {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-A0-1234567890-abcdef',
      SLACK_API_URL: fake.apiUrl,
      DINGTALK_CLIENT_ID: 'ding-app-key',
      DINGTALK_CLIENT_SECRET: DT_SECRET,
      DINGTALK_API_BASE: dingtalk.base,
    });
    expect(out).toContain('✓ config: valid');
    expect(out).toContain(`✓ store: redis at ${redis.url} answers`);
    expect(out).toContain('✓ durability: Redis runs with appendonly yes and appendfsync always');
    expect(out).toContain('✓ Slack: the bot token works: workspace Test Team, bot <@UBOT>, Socket Mode');
    expect(out).toContain(`✓ DingTalk: the app credentials work (an access token was issued by ${dingtalk.base})`);
    expect(out).toMatch(/[✓⚠] probe mysql 127\.0\.0\.1:3306: ping/);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(DT_SECRET);
  });

  it('fails with what to fix for refused credentials, a store and a database on a closed port, and exits 1', async () => {
    const refusing = await FakeSlack.start();
    refusing.on('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    try {
      const { code, out } = await doctor(`store: { kind: redis, url: "redis://127.0.0.1:${closed}", timeoutMs: 500 }\n${probes(closed)}`, {
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_APP_TOKEN: 'xapp-1-A0-1234567890-abcdef',
        SLACK_API_URL: refusing.apiUrl,
        DINGTALK_CLIENT_ID: 'ding-app-key',
        DINGTALK_CLIENT_SECRET: 'wrong-secret-value',
        DINGTALK_API_BASE: dingtalk.base,
      });
      expect(code).toBe(1);
      expect(out).toContain(`✗ store: redis at redis://127.0.0.1:${closed} does not answer`);
      expect(out).toContain('→ start Redis or correct store.url / store.sentinels in the config');
      expect(out).toContain('✗ Slack: Slack refused the bot token: auth.test failed (invalid_auth)');
      expect(out).toMatch(new RegExp(`✗ DingTalk: ${dingtalk.base} refused the app credentials \\(HTTP 400: .*invalidClientSecret`));
      expect(out).toContain('→ check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET');
      expect(out).toContain(`✗ probe mysql 127.0.0.1:${closed}: connection refused`);
      expect(out).toContain(`→ check that mysql 127.0.0.1:${closed} is up and reachable from here, and probes.mysql in the config`);
      expect(out).toMatch(/\d+ problem\(s\) to fix \(marked ✗\)\.\n$/);
      expect(out).not.toContain('wrong-secret-value');
      expect(out).not.toMatch(/at .*\.js:\d+/);
    } finally {
      await refusing.close();
    }
  });

  it('warns about a Redis that can lose acknowledged writes, and says DingTalk is unreachable', async () => {
    const { out } = await doctor(`locale: zh-CN\nstore: { kind: redis, url: "${laxRedis.url}", timeoutMs: 2000 }\n${probes()}`, {
      DINGTALK_CLIENT_ID: 'ding-app-key',
      DINGTALK_CLIENT_SECRET: DT_SECRET,
      DINGTALK_API_BASE: `http://127.0.0.1:${closed}`,
    });
    expect(out).toContain('zhiban 自检');
    expect(out).toMatch(/⚠ 持久性：.*appendfsync everysec/);
    expect(out).toContain(`✗ 钉钉：无法连接 http://127.0.0.1:${closed}（DingTalk could not be reached`);
    expect(out).toContain('– Slack：未配置（未设置 SLACK_BOT_TOKEN）');
  });

  it('reports an invalid config with its path and line, and checks nothing else', async () => {
    const { code, out } = await doctor('store: { kind: redis }\nhttp: { token: short }\n');
    expect(code).toBe(1);
    expect(out).toContain('✗ config: not valid');
    expect(out).toMatch(/http\.token \(line 2\): at least 16 characters/);
    expect(out).not.toContain('probe ');
  });
});
