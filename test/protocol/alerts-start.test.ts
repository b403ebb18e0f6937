import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../support/net-fixtures.js';
import { dockerSocketPath } from '../support/docker.js';
import { FakeSlack } from './fake-slack.js';
import { SIGNING_SECRET } from './slack-requests.js';

const BIN = resolve('bin/zhiban.js');
const SLACK_TOKEN = 'xoxb-9999-8888-alertsstarttoken';
const ALERT_TOKEN = 'alert-token-for-the-child-process';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(() => fake.close());

describe('zhiban start with alerts configured', () => {
  it('listens for Alertmanager; MySQL down → a P0 incident with /diagnose db-conn evidence posted in the channel, nobody typing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'zhiban-alerts-start-'));
    writeFileSync(
      join(cwd, 'zhiban.yml'),
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
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_') && k !== 'PORT'));
    const env = { ...base, ZHIBAN_CONFIG: join(cwd, 'zhiban.yml'), ZHIBAN_HTTP_PORT: '0', ZHIBAN_ALERT_TOKEN: ALERT_TOKEN, SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' };
    const child = spawn(process.execPath, [BIN, 'start'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      let port: string | undefined;
      for (let i = 0; i < 400 && !port; i++) {
        port = /HTTP server on port (\d+) \(alerts at POST/.exec(out)?.[1];
        if (!port) await new Promise((r) => setTimeout(r, 25));
      }
      expect(port, out).toBeDefined();
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
      await fake.waitFor('the page', () => fake.callsTo('chat.postMessage').find((c) => c.params.channel === 'U01ZS' || JSON.stringify(c.params).includes('You are paged')));
    } finally {
      child.kill('SIGTERM');
      await exit;
    }
    const log = readFileSync(join(cwd, 'data', 'zhiban.log'), 'utf8');
    expect(log).toContain('incident opened from alerts');
    expect(log).not.toContain(ALERT_TOKEN);
  });
});
