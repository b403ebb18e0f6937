import nock from 'nock';
import { SlackAdapter } from '../../src/adapters/slack/adapter.js';
import { EVENTS_PATH } from '../../src/adapters/slack/http-receiver.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { FakeClock } from '../../src/core/clock.js';
import type { Store } from '../../src/store/port.js';
import { harness, type Harness } from '../support/harness.js';
import { FakeSlack } from './fake-slack.js';
import { SIGNING_SECRET } from './slack-requests.js';

/** Users as a workspace admin would configure them: Slack ids mapped to zhiban users and roles. */
export const SLACK_CONFIG = `
locale: en
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder, approver], slack: U0ALICE }
  - { id: bob, name: Bob, roles: [responder, approver], slack: U0BOB }
  - { id: carol, name: Carol, roles: [viewer], slack: U0CAROL }
`;

/** The bot token the adapter is started with. */
export const BOT_TOKEN = 'xoxb-1111-2222-testbottoken';

/** The Slack adapter under test; `idle` also waits for the incident cards the runtime keeps. */
export type RigAdapter = Pick<SlackAdapter, 'mode' | 'port' | 'missingScopes' | 'stop'> & { idle(): Promise<void> };

/** A zhiban with the real Slack adapter in front of it, talking to a fake Slack on loopback. */
export interface Rig {
  h: Harness;
  fake: FakeSlack;
  adapter: RigAdapter;
  /** The runtime the adapter runs in (cards, other platforms). */
  runtime: Runtime;
  /** The adapter's request URL (HTTP mode). */
  url: string;
  /** Stops the adapter and the fake Slack. */
  close(): Promise<void>;
}

/** Only loopback may be reached: nothing of a test can leak to the real Slack. */
export function loopbackOnly(): void {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

/**
 * Starts a harness app (memory store, fake clock) and a runtime with the Slack adapter in HTTP
 * mode on a random port, or in Socket Mode when `appToken` is given (then `prepare` points
 * apps.connections.open at a WebSocket server). `store`/`clock` let a test restart zhiban over
 * the same data. Cards are compared with the store only when a test calls `runtime.cards.refresh()`.
 */
export async function startRig(opts: { store?: Store; clock?: FakeClock; appToken?: string; fake?: FakeSlack; prepare?: (fake: FakeSlack) => void; dataDir?: string } = {}): Promise<Rig> {
  const fake = opts.fake ?? (await FakeSlack.start());
  opts.prepare?.(fake);
  const h = await harness({ yaml: SLACK_CONFIG, ...(opts.store ? { store: opts.store } : {}), ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  const runtime = new Runtime(h.app, { cardRefreshMs: 3_600_000 });
  const settings = { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, ...(opts.appToken ? { appToken: opts.appToken } : {}) };
  const slack = new SlackAdapter(settings, runtime.context('slack'));
  await runtime.start([slack]);
  const adapter: RigAdapter = {
    get mode() {
      return slack.mode;
    },
    get port() {
      return slack.port;
    },
    get missingScopes() {
      return slack.missingScopes;
    },
    stop: () => runtime.stop(),
    async idle() {
      await slack.idle();
      await runtime.cards.idle();
      await slack.idle();
    },
  };
  return {
    h,
    fake,
    adapter,
    runtime,
    url: `http://127.0.0.1:${slack.port}${EVENTS_PATH}`,
    async close() {
      await runtime.stop();
      if (!opts.fake) await fake.close();
    },
  };
}
