import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './fake-slack.js';
import { commandBody, post, SIGNING_SECRET } from './slack-requests.js';
import { spawnZhiban } from './zhiban-child.js';

const TOKEN = 'xoxb-7777-6666-shutdowntesttoken';
const ALERT_TOKEN = 'alert-token-for-the-shutdown-test';

/** A web server whose answers wait until the test releases them: a slow `/check http slow`. */
class SlowTarget {
  arrived = 0;
  private held: Array<() => void> = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly server: Server) {}

  static async start(): Promise<SlowTarget> {
    const t: SlowTarget = new SlowTarget(
      createServer((_req, res) => {
        t.arrived++;
        t.waiters.splice(0).forEach((w) => w());
        t.held.push(() => res.end('ok'));
      }),
    );
    await new Promise<void>((r) => t.server.listen(0, '127.0.0.1', r));
    return t;
  }
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }
  /** Resolves once a request is being held. */
  async request(): Promise<void> {
    if (this.arrived > 0) return;
    await new Promise<void>((r) => this.waiters.push(r));
  }
  release(): void {
    this.held.splice(0).forEach((f) => f());
  }
  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** `zhiban start` in Slack HTTP mode as a child process, with a config whose `/check http slow` waits on `target`. */
function start(fake: FakeSlack, target: SlowTarget) {
  const cwd = mkdtempSync(join(tmpdir(), 'zhiban-shutdown-'));
  writeFileSync(
    join(cwd, 'zhiban.yml'),
    `users:\n  - { id: alice, roles: [responder, approver], slack: U0ALICE }\nalerts:\n  token: "\${ZHIBAN_ALERT_TOKEN}"\nprobes:\n  timeoutMs: 15000\n  http:\n    targets:\n      - { name: slow, url: "${target.url}" }\n`,
  );
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_') && !k.startsWith('ZHIBAN_') && k !== 'PORT'));
  return spawnZhiban(['start'], cwd, { ...base, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', ZHIBAN_ALERT_TOKEN: ALERT_TOKEN });
}

let fake: FakeSlack;
beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(() => fake.close());

describe('graceful shutdown of zhiban start', () => {
  it('on SIGTERM takes no new work, finishes the running command, answers it and exits 0', async () => {
    const target = await SlowTarget.start();
    const z = start(fake, target);
    const [, port] = await z.until(/HTTP server on port (\d+)/);
    await z.until(/serving/);
    const base = `http://127.0.0.1:${port}`;
    expect((await post(`${base}/slack/events`, commandBody('U0ALICE', '/check http slow', fake.responseUrl('slow')))).status).toBe(200);
    await target.request();

    z.child.kill('SIGTERM');
    await z.until(/SIGTERM received, finishing work in progress/);
    const readyz = await fetch(`${base}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.text()).toContain('shutting down');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const late = await post(`${base}/slack/events`, commandBody('U0ALICE', '/incident list', fake.responseUrl('late')));
    expect(late.status).toBe(200);
    expect(JSON.stringify((await fake.waitForResponse('late')).body)).toContain('takes no new commands');
    // An alert arriving now is sent back to be retried (elsewhere or after the restart), not taken while chat closes.
    const alert = await fetch(`${base}/alerts/webhook`, { method: 'POST', headers: { authorization: `Bearer ${ALERT_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ alerts: [{ labels: { alertname: 'Late' } }] }) });
    expect(alert.status).toBe(503);
    expect(alert.headers.get('retry-after')).toBe('5');

    target.release();
    expect(await z.exit).toBe(0);
    expect(JSON.stringify((await fake.waitForResponse('slow')).body)).toContain('http slow');
    expect(z.out()).toContain('zhiban: stopped.');
    const log = readFileSync(join(z.cwd, 'data', 'zhiban.log'), 'utf8');
    expect(log).toContain('shutdown complete');
    expect(log).not.toContain(TOKEN);
    await target.close();
  });

  it('exits at once on a second SIGTERM while a command still runs', async () => {
    const target = await SlowTarget.start();
    const z = start(fake, target);
    const [, port] = await z.until(/HTTP server on port (\d+)/);
    await z.until(/serving/);
    expect((await post(`http://127.0.0.1:${port}/slack/events`, commandBody('U0ALICE', '/check http slow', fake.responseUrl('stuck')))).status).toBe(200);
    await target.request();
    z.child.kill('SIGTERM');
    await z.until(/SIGTERM received/);
    z.child.kill('SIGTERM');
    expect(await z.exit).toBe(143);
    expect(z.err()).toContain('second signal, exiting now');
    await target.close();
  });

  it('on SIGHUP keeps serving and reopens its log file, which logrotate has moved away', async () => {
    const target = await SlowTarget.start();
    const z = start(fake, target);
    const [, port] = await z.until(/HTTP server on port (\d+)/);
    await z.until(/serving/);
    const log = join(z.cwd, 'data', 'zhiban.log');
    renameSync(log, `${log}.1`);
    z.child.kill('SIGHUP');
    // the reopened file is created by the line that announces it
    for (let i = 0; i < 200 && !readIfThere(log).includes('log file reopened'); i++) await new Promise((r) => setTimeout(r, 25));
    expect((await post(`http://127.0.0.1:${port}/slack/events`, commandBody('U0ALICE', '/incident list', fake.responseUrl('after-hup')))).status).toBe(200);
    await fake.waitForResponse('after-hup');
    z.child.kill('SIGTERM');
    expect(await z.exit).toBe(0);
    expect(readFileSync(`${log}.1`, 'utf8')).not.toContain('log file reopened');
    expect(readFileSync(`${log}.1`, 'utf8')).not.toContain('shutdown complete');
    expect(readFileSync(log, 'utf8')).toMatch(/log file reopened \(SIGHUP\)[\s\S]*incident list[\s\S]*shutdown complete/);
    await target.close();
  });
});

/** The text of `file`, or '' while it does not exist. */
function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
