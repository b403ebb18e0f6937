import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatedStore } from './gated-store.js';
import { clickPayload, commandFields, mentionPayload } from './slack-requests.js';
import { loopbackOnly, startRig, type Rig } from './slack-rig.js';
import { allBlocks, blockText, textOf } from './slack-json.js';
import { FakeSocketGateway } from './socket-gateway.js';

const APP_TOKEN = 'xapp-1-A0ZHIBAN-1-sockettoken0123';
const INC = 'INC-20261122-001';
let gateway: FakeSocketGateway;
let store: GatedStore;
let r: Rig;

beforeAll(async () => {
  loopbackOnly();
  gateway = await FakeSocketGateway.start();
  store = new GatedStore();
  r = await startRig({ store, appToken: APP_TOKEN, prepare: (fake) => fake.on('apps.connections.open', () => ({ ok: true, url: gateway.url })) });
});
afterAll(async () => {
  await r.close();
  await gateway.close();
  nock.enableNetConnect();
});

describe('Slack Socket Mode', () => {
  it('opens the connection with the app token through the Web API and waits for hello', () => {
    expect(r.adapter.mode).toBe('socket');
    expect(r.adapter.port).toBeUndefined();
    const [open] = r.fake.callsTo('apps.connections.open');
    expect(open!.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(gateway.connections).toBe(1);
  });

  it('acks a slash_commands envelope before the command finishes, then answers on the response_url and posts the card', async () => {
    gateway.send({
      envelope_id: 'env-cmd-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: commandFields('U0ALICE', '/incident declare P1 支付回调失败', r.fake.responseUrl('sock-declare')),
    });
    const ack = await gateway.waitForAck('env-cmd-1');
    expect(ack.message).toEqual({ envelope_id: 'env-cmd-1', payload: {} });
    expect(r.fake.responses).toEqual([]);
    store.open();
    const answer = (await r.fake.waitForResponse('sock-declare')).body;
    expect(answer.response_type).toBe('ephemeral');
    expect(textOf(allBlocks(answer)[0])).toBe(`🔴 ${INC} · P1 serious · investigating · commander alice · respond within 15 min`);
    await r.adapter.idle();
    expect(r.fake.callsTo('chat.postMessage')[0]!.params.channel).toBe('C0INC');
  });

  it('acks an events_api envelope for app_mention, answers in the thread, and skips its retry', async () => {
    const payload = mentionPayload('U0CAROL', '<@UBOT> incident list', 'EvSock1', { ts: '1700000800.000400' });
    gateway.send({ envelope_id: 'env-ev-1', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload });
    await gateway.waitForAck('env-ev-1');
    const answer = await r.fake.waitForCall('chat.postMessage', 2);
    expect(answer.params).toMatchObject({ channel: 'C0OPS', thread_ts: '1700000800.000400' });
    expect(blockText(answer.params)).toContain(`${INC}`);

    gateway.send({ envelope_id: 'env-ev-2', type: 'events_api', accepts_response_payload: false, retry_attempt: 1, retry_reason: 'timeout', payload });
    await gateway.waitForAck('env-ev-2');
    await r.adapter.idle();
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('acks an interactive envelope and runs the button as the person who clicked', async () => {
    const payload = clickPayload('U0BOB', `/incident note ${INC} 通过按钮`, r.fake.responseUrl('sock-click'));
    gateway.send({ envelope_id: 'env-int-1', type: 'interactive', accepts_response_payload: false, payload });
    await gateway.waitForAck('env-int-1');
    await r.fake.waitForResponse('sock-click');
    await r.adapter.idle();
    const note = (await store.readEvents(INC))!.find((e) => e.type === 'incident.note');
    expect(note).toMatchObject({ actor: 'bob', data: { text: '通过按钮' } });
  });

  it('closes the socket on stop', async () => {
    await r.adapter.stop();
    await gateway.waitForClose();
  });
});
