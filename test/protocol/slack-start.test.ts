import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../src/adapters/slack/adapter.js';
import { AdapterStartError } from '../../src/runtime/chat-adapter.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { dockerSocketPath } from '../support/docker.js';
import { harness } from '../support/harness.js';
import { closedPort } from '../support/net-fixtures.js';
import { FakeSlack } from './fake-slack.js';
import { commandBody, post, SIGNING_SECRET } from './slack-requests.js';
import { spawnZhiban } from './zhiban-child.js';

const TOKEN = 'xoxb-9999-8888-childprocesstoken';
const ALERT_TOKEN = 'alert-token-for-the-child-process';

/** `zhiban start` as a child process, as an operator would run it. */
function start(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'zhiban-start-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_') && k !== 'PORT'));
  return spawnZhiban(['start'], cwd, { ...base, ZHIBAN_CONFIG: '', ...env });
}

let fake: FakeSlack;
beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(() => fake.close());

describe('zhiban start', () => {
  it('exits 2 with a clear message when no platform is configured', async () => {
    const z = start({});
    expect(await z.exit).toBe(2);
    expect(z.err()).toContain('no chat platform is configured. Set SLACK_BOT_TOKEN');
  });

  it('exits 2 naming the variable when HTTP mode has no signing secret', async () => {
    const z = start({ SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: fake.apiUrl });
    expect(await z.exit).toBe(2);
    expect(z.err()).toContain('SLACK_SIGNING_SECRET is not set');
  });

  it('exits 2 with what failed and which variable to check when auth.test fails, never printing the token', async () => {
    const failing = await FakeSlack.start();
    failing.on('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    const z = start({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: failing.apiUrl, PORT: '0' });
    expect(await z.exit).toBe(2);
    await failing.close();
    expect(z.err()).toContain('auth.test failed (invalid_auth)');
    expect(z.err()).toContain('Check SLACK_BOT_TOKEN');
    expect(z.err()).not.toContain(TOKEN);
    expect(z.err()).not.toMatch(/at .*\.js:\d+/);
    expect(failing.callsTo('auth.test')[0]!.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('serves HTTP mode until SIGTERM, then stops cleanly with exit 0 and no secret in the log', async () => {
    const z = start({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' });
    const [, port] = await z.until(/Slack connected to Test Team as <@UBOT> \(HTTP mode on port (\d+), POST \/slack\/events\)/);
    const ack = await post(`http://127.0.0.1:${port}/slack/events`, commandBody('U0ANY', '/help', fake.responseUrl('child-help')));
    expect(ack.status).toBe(200);
    expect((await fake.waitForResponse('child-help')).body.response_type).toBe('in_channel');
    z.child.kill('SIGTERM');
    expect(await z.exit).toBe(0);
    expect(z.out()).toContain('SIGTERM received');
    expect(z.out()).toContain('zhiban: stopped.');
    const log = readFileSync(join(z.cwd, 'data', 'zhiban.log'), 'utf8');
    expect(log).toContain('slack adapter started');
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(SIGNING_SECRET);
  });

  it('with alerts configured it listens for Alertmanager: MySQL down → a P0 incident with /diagnose db-conn evidence posted in the channel, nobody typing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiban-alerts-start-'));
    writeFileSync(
      join(dir, 'zhiban.yml'),
      `
locale: en
timezone: Asia/Shanghai
users:
  - { id: zhangsan, name: 张三, roles: [responder], slack: U01ZS }
contacts:
  - { name: 张三, user: zhangsan, level: 1 }
probes:
  timeoutMs: 2000
  docker: { socketPath: ${dockerSocketPath()} }
  mysql: { dsn: "mysql://root@127.0.0.1:${await closedPort()}/test" }
alerts:
  token: "\${ZHIBAN_ALERT_TOKEN}"
  channel: C0ALERTS
  routes:
    - { match: { alertname: MySQLDown }, symptom: db-conn }
`,
    );
    const z = start({ ZHIBAN_CONFIG: join(dir, 'zhiban.yml'), ZHIBAN_HTTP_PORT: '0', ZHIBAN_ALERT_TOKEN: ALERT_TOKEN, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' });
    try {
      const [, port] = await z.until(/HTTP server on port (\d+) \(.*alerts at POST/);
      const body = readFileSync(resolve('test/fixtures/alerts/alertmanager-firing.json'), 'utf8');
      const res = await fetch(`http://127.0.0.1:${port}/alerts/alertmanager`, { method: 'POST', headers: { authorization: `Bearer ${ALERT_TOKEN}`, 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
      const id = (JSON.parse(await res.text()) as { opened: string[] }).opened[0]!;
      expect(id).toMatch(/^INC-\d{8}-001$/);
      const diagnosis = await fake.waitFor('the diagnosis post', () => fake.callsTo('chat.postMessage').find((c) => JSON.stringify(c.params).includes(`Automatic /diagnose db-conn for ${id}`)));
      expect(diagnosis.params.channel).toBe('C0ALERTS');
      expect(JSON.stringify(diagnosis.params)).toContain('mysql 127.0.0.1');
      const card = fake.callsTo('chat.postMessage').find((c) => c.params.channel === 'C0ALERTS' && JSON.stringify(c.params).includes('MySQLDown: MySQL instance is down'));
      expect(card).toBeDefined();
      await fake.waitFor('the page', () => fake.callsTo('chat.postMessage').find((c) => JSON.stringify(c.params).includes('You are paged')));
    } finally {
      z.child.kill('SIGTERM');
      await z.exit;
    }
    const log = readFileSync(join(z.cwd, 'data', 'zhiban.log'), 'utf8');
    expect(log).toContain('incident opened from alerts');
    expect(log).not.toContain(ALERT_TOKEN);
  });

  it('says Slack could not be reached (not that the token is wrong) when the Web API is down', async () => {
    const closed = await FakeSlack.start();
    const apiUrl = closed.apiUrl;
    await closed.close();
    const h = await harness();
    const down = new SlackAdapter({ botToken: TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl }, new Runtime(h.app).context('slack')).start();
    await expect(down).rejects.toThrow(AdapterStartError);
    await expect(down).rejects.toThrow(`could not reach Slack: auth.test failed (A request error occurred: fetch failed: ECONNREFUSED) at ${apiUrl} (SLACK_API_URL). Check the network and SLACK_API_URL.`);
  });
});
