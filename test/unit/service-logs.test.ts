import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { Redactor } from '../../src/core/redact.js';
import { createLogger } from '../../src/runtime/pino-logger.js';
import { harness } from '../support/harness.js';

/** Every secret of the config, each only ever given through the environment. */
const SECRETS = {
  MYSQL_RO_PASSWORD: 'Myp4ss-0f-the-mall-db',
  REDIS_PASSWORD: 'r3dis-s3cr3t-v4lue',
  ZHIBAN_METRICS_TOKEN: 'metrics-token-8d0e5b77a4c2',
  PAGING_WEBHOOK_SECRET: 'hm4c-webhook-key-41f9',
  PAGING_WEBHOOK_URL: 'https://gateway.example.com/hook?key=gw-key-99a1b2c3',
};

const SEEDED = `
locale: en
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder, approver] }
http: { token: "\${ZHIBAN_METRICS_TOKEN}" }
paging:
  webhook: { url: "\${PAGING_WEBHOOK_URL}", secret: "\${PAGING_WEBHOOK_SECRET}" }
probes:
  timeoutMs: 300
  mysql:
    dsn: mysql://zhiban_ro:\${MYSQL_RO_PASSWORD}@127.0.0.1:1/mall
  redis:
    url: redis://:\${REDIS_PASSWORD}@127.0.0.1:1
`;

describe('the pino log under a config full of secrets', () => {
  it('never writes a secret: not in messages, fields, nested fields, errors, stacks, bound fields or secret-named keys', async () => {
    const h = await harness({ yaml: SEEDED, env: SECRETS });
    const log = h.app.logger;
    const all = Object.values(SECRETS);
    log.info(`connecting with ${SECRETS.MYSQL_RO_PASSWORD}`, { dsn: `mysql://zhiban_ro:${SECRETS.MYSQL_RO_PASSWORD}@db/mall` });
    log.warn('nested', { request: { headers: { authorization: `Bearer ${SECRETS.ZHIBAN_METRICS_TOKEN}` }, list: [SECRETS.REDIS_PASSWORD] } });
    log.error('failed', { error: new Error(`auth failed for ${SECRETS.PAGING_WEBHOOK_SECRET}`), cause: { inner: new Error(SECRETS.REDIS_PASSWORD) } });
    log.info('unknown secret under a secret key', { password: 'an-unregistered-pw', token: 'tok-unknown-77', nested: { secret: 'nested-unknown-55' } });
    const child = log.child({ incident: 'INC-1', via: SECRETS.PAGING_WEBHOOK_URL });
    child.info('child line');
    const early = log.child({ learned: 'late-registered-slack-secret' });
    h.app.redactor.add('late-registered-slack-secret');
    early.info('bound before the secret was known');
    await h.run('alice', '/incident declare P1 db password is Myp4ss-0f-the-mall-db');
    await h.run('alice', '/check mysql');
    await h.run('alice', '/check redis');

    expect(h.logs.length).toBeGreaterThan(8);
    for (const line of h.logs) {
      for (const s of [...all, 'an-unregistered-pw', 'tok-unknown-77', 'nested-unknown-55', 'late-registered-slack-secret']) expect(line).not.toContain(s);
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
    }
    const failed = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'failed')!;
    expect(failed.error).toMatchObject({ type: 'Error', message: 'auth failed for [REDACTED]' });
    const childLine = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'child line')!;
    expect(childLine).toMatchObject({ incident: 'INC-1', replica: expect.any(String) });
  });

  it('writes the file asynchronously and has every line on disk after flush', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zhiban-log-')), 'sub', 'zhiban.log');
    const log = createLogger({ level: 'info', redactor: new Redactor().add('s3cret-value-1'), clock: new FakeClock('2026-11-22T02:00:00.000Z'), file, async: true, base: { replica: 'r1' } });
    for (let i = 0; i < 500; i++) log.info('line', { i, note: 'with s3cret-value-1' });
    log.debug('below the level');
    await log.flush();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(500);
    expect(JSON.parse(lines[499]!)).toEqual({ level: 'info', time: '2026-11-22T02:00:00.000Z', replica: 'r1', i: 499, note: 'with [REDACTED]', msg: 'line' });
  });
});
