import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderText } from '../../src/render/text.js';
import { parseConfigText } from '../../src/config/load.js';
import { CHECK_EVENT } from '../../src/core/checks/model.js';
import { FakeClock } from '../../src/core/clock.js';
import { createApp, type App } from '../../src/runtime/app.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/port.js';
import { RecordingActions } from './recording-actions.js';

/** Secret values seeded into the scripted incident (config, DSN, log line, note); none may reach an export. */
export const SEEDED_SECRETS = ['Sup3r-Seeded-Pw', 's3cr3t-dsn-pw', 'log-line-token-9f8e', 'xoxb-1234567890-abcdefghij'];

/** Config of the scripted incident: Shanghai time, alice and bob responders and approvers, a secret from the environment. */
export const REVIEW_CONFIG = `
locale: en
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder, approver], slack: U0ALICE }
  - { id: bob, name: Bob, roles: [responder, approver], slack: U0BOB }
  - { id: carol, name: Carol, roles: [viewer] }
probes:
  mysql: { dsn: "mysql://root:\${MYSQL_PASSWORD}@127.0.0.1:3306/test" }
`;

/** A bot on a memory store and a fake clock, writing reviews to a temp data folder. */
export interface ReviewRig {
  app: App;
  clock: FakeClock;
  dataDir: string;
  run(user: string, text: string): Promise<{ ok: boolean; text: string }>;
}

/** Builds the rig (on `store`, a new memory store by default); the clock starts 30 min before the end of US daylight saving time in 2026. */
export async function reviewRig(opts: { yaml?: string; start?: string; store?: Store } = {}): Promise<ReviewRig> {
  const clock = new FakeClock(opts.start ?? '2026-11-01T05:30:00.000Z');
  const { config, secrets } = parseConfigText(opts.yaml ?? REVIEW_CONFIG, 'test', { MYSQL_PASSWORD: SEEDED_SECRETS[0]! });
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiban-review-'));
  const app = await createApp({ config, secrets, clock, store: opts.store ?? new MemoryStore(), dataDir, logSink: () => undefined, actions: new RecordingActions() });
  return {
    app,
    clock,
    dataDir,
    async run(user, text) {
      const reply = await app.dispatcher.dispatch({ platform: 'console', actor: { platformId: user }, channel: 'C-test', text });
      return { ok: reply.ok, text: renderText(reply) };
    },
  };
}

const MIN = 60_000;

/**
 * The scripted incident of the golden tests, across the end of US daylight saving time
 * (2026-11-01 02:00 EDT → 01:00 EST): declare, a diagnosis with evidence, a severity change, a
 * pinned message, an approval and the action, mitigation, resolve. Returns the incident id.
 */
export async function scriptIncident(rig: ReviewRig): Promise<string> {
  const { app, clock } = rig;
  const must = async (user: string, text: string): Promise<string> => {
    const r = await rig.run(user, text);
    if (!r.ok) throw new Error(`${text} failed: ${r.text}`);
    return r.text;
  };
  await must('alice', '/incident declare P2 支付回调失败，订单状态未更新 | checkout');
  const id = (await app.services.incidents.resolveId(undefined)).id;
  clock.advance(2 * MIN);
  await must('bob', `/incident note ${id} DSN in the runbook is mysql://root:${SEEDED_SECRETS[1]}@db/mall — token ${SEEDED_SECRETS[3]}`);
  clock.advance(1 * MIN);
  await app.services.incidents.record('bob', id, CHECK_EVENT, {
    command: '/diagnose payment-callback',
    verdict: 'crit',
    results: [
      {
        probe: 'orders', target: 'orders', verdict: 'crit',
        summary: { en: '30 paid orders not updated', 'zh-CN': '30 个已支付订单未更新' }, findings: [],
        detail: `order 1001 paid 02:01, still 待付款\nbackend: signature error password=${SEEDED_SECRETS[2]}`, durationMs: 120,
      },
      { probe: 'http', target: 'http callback', verdict: 'ok', summary: { en: '200 in 80 ms', 'zh-CN': '200，耗时 80 ms' }, findings: [], durationMs: 80 },
    ],
  });
  clock.advance(2 * MIN);
  await must('alice', `/incident sev ${id} P1`);
  clock.advance(3 * MIN);
  await must('bob', `/incident pin ${id} "客服反馈 30 单未发货"`);
  clock.advance(2 * MIN);
  await must('alice', `/incident status ${id} identified`);
  clock.advance(2 * MIN);
  const alice = app.services.directory.get('alice')!;
  const req = await app.services.approvals.request(alice, await app.services.incidents.get(id), 'poke', { what: 'backend' }, 'stuck workers');
  clock.advance(1 * MIN);
  await must('bob', `/approve ${req.id}`);
  clock.advance(7 * MIN);
  await must('alice', `/incident status ${id} mitigated`);
  clock.advance(25 * MIN);
  return id;
}
