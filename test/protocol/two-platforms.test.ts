import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../src/adapters/slack/http-receiver.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { harness, type Harness } from '../support/harness.js';
import { FakeDingTalk, robotFrame } from './fake-dingtalk.js';
import { FakeSlack } from './fake-slack.js';
import { loopbackOnly } from './slack-rig.js';
import { commandBody, post, SIGNING_SECRET } from './slack-requests.js';

/** One team on both platforms: each person has a Slack id and a DingTalk staff id. */
const CONFIG = `
locale: en
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder, approver], slack: U0ALICE, dingtalk: "0457001" }
  - { id: bob, name: Bob, roles: [responder, approver], slack: U0BOB, dingtalk: "0457002" }
`;
const GROUP = 'cidOpsGroup==';

let h: Harness;
let slack: FakeSlack;
let dingtalk: FakeDingTalk;
let runtime: Runtime;
let slackUrl: string;

/** Sends a DingTalk group message from `staffId` and resolves with the markdown answered through its session webhook. */
async function sayOnDingTalk(id: string, staffId: string, text: string): Promise<string> {
  dingtalk.send(
    robotFrame(
      {
        conversationId: GROUP, msgId: id, senderStaffId: staffId, senderNick: staffId, conversationType: '2', isInAtList: true,
        sessionWebhook: dingtalk.sessionUrl(id), sessionWebhookExpiredTime: h.clock.now() + 3_600_000, createAt: h.clock.now(),
        robotCode: 'dingclient', msgtype: 'text', text: { content: text },
      },
      `frame-${id}`,
    ),
  );
  const answer = await dingtalk.waitForCall(`/session/${id}`);
  return (answer.body.markdown as { text: string }).text;
}

beforeAll(async () => {
  loopbackOnly();
  slack = await FakeSlack.start();
  dingtalk = await FakeDingTalk.start();
  h = await harness({ yaml: CONFIG });
  runtime = new Runtime(h.app, { cardRefreshMs: 3_600_000 });
  // What `zhiban start` does with an environment that configures both platforms.
  const adapters = await runtime.fromEnv({
    SLACK_BOT_TOKEN: 'xoxb-1-2-twoplatforms', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: '0',
    DINGTALK_CLIENT_ID: 'dingclient', DINGTALK_CLIENT_SECRET: 'dt-secret-two-platforms', DINGTALK_API_BASE: dingtalk.apiBase,
  });
  await runtime.start(adapters);
  const port = (runtime.adapter('slack') as unknown as { port: number }).port;
  slackUrl = `http://127.0.0.1:${port}${EVENTS_PATH}`;
});

afterAll(async () => {
  await runtime.stop(1000);
  await Promise.all([slack.close(), dingtalk.close()]);
  nock.enableNetConnect();
});

describe('Slack and DingTalk in one process', () => {
  it('starts both platforms from the environment, on one store', () => {
    expect(runtime.health().map((a) => [a.platform, a.state])).toEqual([
      ['slack', 'connected'],
      ['dingtalk', 'connected'],
    ]);
  });

  it('shows an incident declared in DingTalk to Slack, and takes a Slack change onto the same timeline', async () => {
    const declared = await sayOnDingTalk('m1', '0457001', '@值班 /incident declare P1 支付回调失败');
    const id = /INC-\d{8}-\d{3}/.exec(declared)?.[0];
    expect(id).toBeDefined();

    await post(slackUrl, commandBody('U0BOB', '/incident list', slack.responseUrl('list')));
    expect(JSON.stringify((await slack.waitForResponse('list')).body)).toContain(id);

    await post(slackUrl, commandBody('U0BOB', `/incident note ${id} 回调日志里有 signature error`, slack.responseUrl('note')));
    await slack.waitForResponse('note');
    const timeline = await sayOnDingTalk('m2', '0457001', `/incident timeline ${id}`);
    expect(timeline).toContain('signature error');
    expect(timeline).toContain('bob');
    const incident = await h.app.services.incidents.get(id!);
    expect(incident).toMatchObject({ platform: 'dingtalk', declaredBy: 'alice' });
  });
});
