import type { FakeClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { Store } from '../../src/store/port.js';
import { DingTalkAdapter } from '../../src/adapters/dingtalk/adapter.js';
import { dingtalkSettingsFromEnv } from '../../src/adapters/dingtalk/settings.js';
import type { ActionsPort } from '../../src/core/approvals/port.js';
import { harness, type Harness } from '../support/harness.js';
import { FakeDingTalk, robotFrame } from './fake-dingtalk.js';

/** Users as an admin would map them: DingTalk staff ids to zhiban users and roles. */
export const DINGTALK_CONFIG = `
timezone: Asia/Shanghai
users:
  - { id: zhangsan, name: 张三, roles: [responder, approver], dingtalk: "0457001" }
  - { id: lisi, name: 李四, roles: [responder, approver], dingtalk: "0457002" }
  - { id: wangwu, name: 王五, roles: [viewer], dingtalk: "0457003" }
`;

/** The app credentials the adapter is started with. */
export const CLIENT_ID = 'dingzhibanclient';
export const CLIENT_SECRET = 'dt-secret-Zx81kQ0pL2';
/** The group the tests talk in. */
export const GROUP = 'cidGroup+Ops/1==';

/** A zhiban with the real DingTalk adapter in front of it, talking to a fake DingTalk on loopback. */
export interface DtRig {
  h: Harness;
  fake: FakeDingTalk;
  adapter: DingTalkAdapter;
  /** Sends a robot message from `staffId` in the group (or `conversationType: '1'`), returns its frame's messageId. */
  say(staffId: string, text: string, extra?: Record<string, unknown>): string;
  close(): Promise<void>;
}

let msg = 0;

/** The session webhook path of the message sent as frame `frameId` (see `say`). */
export function sessionPath(frameId: string): string {
  return `/session/${frameId.replace(/^frame-/, '')}`;
}

/** Starts a harness app, the fake DingTalk and the adapter (card template on unless `cards: false`). */
export async function startDtRig(opts: { store?: Store; clock?: FakeClock; cards?: boolean; actions?: ActionsPort; fake?: FakeDingTalk; start?: boolean; dataDir?: string } = {}): Promise<DtRig> {
  const fake = opts.fake ?? (await FakeDingTalk.start());
  const h = await harness({ yaml: DINGTALK_CONFIG, ...(opts.store ? { store: opts.store } : {}), ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.actions ? { actions: opts.actions } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  const env = { DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET, DINGTALK_API_BASE: fake.apiBase, ...(opts.cards === false ? {} : { DINGTALK_CARD_TEMPLATE_ID: 'tpl-zhiban.schema' }) };
  const runtime = new Runtime(h.app);
  const adapter = new DingTalkAdapter(runtime.context('dingtalk'), dingtalkSettingsFromEnv(env)!, { timing: { reconnectBaseMs: 20, reconnectMaxMs: 100, pingMs: 60_000 }, apiRetries: 2, retryBaseMs: 10 });
  if (opts.start !== false) await runtime.start([adapter]);
  return {
    h,
    fake,
    adapter,
    say(staffId, text, extra = {}) {
      const id = `msg${++msg}`;
      const frame = robotFrame({
        conversationId: GROUP,
        chatbotCorpId: 'ding-corp',
        chatbotUserId: '$:LWCP_v1:$bot',
        msgId: id,
        senderNick: staffId,
        isAdmin: false,
        senderStaffId: staffId,
        sessionWebhookExpiredTime: h.clock.now() + 90 * 60_000,
        createAt: h.clock.now(),
        senderCorpId: 'ding-corp',
        conversationType: '2',
        senderId: `$:LWCP_v1:$${staffId}`,
        sessionWebhook: fake.sessionUrl(id),
        robotCode: CLIENT_ID,
        msgtype: 'text',
        text: { content: text },
        isInAtList: true,
        ...extra,
      }, `frame-${id}`);
      fake.send(frame);
      return `frame-${id}`;
    },
    async close() {
      await runtime.stop(1000);
      await adapter.stop(1000);
      if (!opts.fake) await fake.close();
    },
  };
}
