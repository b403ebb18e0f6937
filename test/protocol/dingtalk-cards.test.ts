import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestCard } from '../../src/core/approvals/view.js';
import { translator } from '../../src/core/i18n/index.js';
import { RecordingActions } from '../support/recording-actions.js';
import { CLIENT_ID, GROUP, sessionPath, startDtRig, type DtRig } from './dingtalk-rig.js';
import { cardFrame, type DtCall } from './fake-dingtalk.js';
import { loopbackOnly } from './slack-rig.js';

const INC = 'INC-20261122-001';
const REQ = 'REQ-20261122-001';
const CARDS = '/v1.0/card/instances';
let r: DtRig;
let actions: RecordingActions;

/** PUTs of one card. */
const putsOf = (outTrackId: string): DtCall[] => r.fake.callsTo(CARDS).filter((c) => c.body.outTrackId === outTrackId);
const params = (c: DtCall): Record<string, string> => (c.body.cardData as { cardParamMap: Record<string, string> }).cardParamMap;

/** Posts zhangsan's request for `poke backend` to the group, as the runtime would deliver a request; returns the card's outTrackId. */
async function postRequest(rig: DtRig): Promise<string | undefined> {
  const zhangsan = rig.h.app.services.directory.get('zhangsan')!;
  const req = await rig.h.app.services.approvals.request(zhangsan, await rig.h.app.services.incidents.get(INC), 'poke', { what: 'backend' }, '队列卡住');
  const v = { t: translator('zh-CN'), locale: 'zh-CN' as const, timeZone: 'Asia/Shanghai', now: rig.h.clock.now() };
  return (await rig.adapter.deliver({ kind: 'conversation', id: GROUP }, requestCard(v, req)))?.messageId;
}

beforeAll(async () => {
  loopbackOnly();
  actions = new RecordingActions();
  r = await startDtRig({ actions });
});
afterAll(async () => {
  await r.close();
  nock.enableNetConnect();
});

describe('DingTalk interactive cards', () => {
  let incidentCard = '';
  let requestCardId = '';

  it('posts a declared incident as an interactive card in the group, and answers the declarer', async () => {
    r.say('0457001', '@值班 故障 P1 支付回调失败');
    const created = await r.fake.waitForCall('/v1.0/card/instances/createAndDeliver');
    expect(created.body).toMatchObject({
      cardTemplateId: 'tpl-zhiban.schema',
      callbackType: 'STREAM',
      openSpaceId: `dtv1.card//IM_GROUP.${GROUP}`,
      imGroupOpenDeliverModel: { robotCode: CLIENT_ID },
      userIdType: 1,
    });
    expect(params(created).title).toContain(`🔴 ${INC}`);
    expect(params(created).content).toContain('支付回调失败');
    incidentCard = String(created.body.outTrackId);
    const answer = await r.fake.waitForCall('/session/msg1');
    expect((answer.body.markdown as { text: string }).text).toContain(INC);
  });

  it('updates the incident card in place when the incident changes', async () => {
    r.say('0457002', `/incident sev ${INC} P2`);
    const put = await r.fake.waitForCall(CARDS);
    expect(put.method).toBe('PUT');
    expect(put.body.outTrackId).toBe(incidentCard);
    expect(params(put).title).toContain('P2');
    await r.fake.waitForCall('/session/msg2');
  });

  it('shows an approval request as a card with 批准 / 拒绝 buttons', async () => {
    requestCardId = (await postRequest(r))!;
    const created = await r.fake.waitForCall('/v1.0/card/instances/createAndDeliver', 2);
    expect(created.body.outTrackId).toBe(requestCardId);
    expect(params(created)).toMatchObject({ btn1Label: '批准', btn1Style: 'primary', btn1Visible: 'true', btn2Label: '拒绝', btn2Style: 'danger', btn2Visible: 'true', btn3Visible: 'false' });
    expect(params(created).title).toContain(REQ);
  });

  it('refuses the requester\'s own click, puts the card back and tells only them', async () => {
    const puts = putsOf(requestCardId).length;
    r.fake.send(cardFrame(requestCardId, '0457001', 'btn1', 'click-self'));
    const ack = await r.fake.waitForAck('click-self');
    expect(ack).toEqual({ code: 200, headers: { contentType: 'application/json', messageId: 'click-self' }, message: 'OK', data: JSON.stringify({ response: {} }) });
    const told = await r.fake.waitForCall('/v1.0/robot/oToMessages/batchSend');
    expect(told.body.userIds).toEqual(['0457001']);
    expect(JSON.parse(String(told.body.msgParam)).text).toContain('⛔');
    await r.adapter.idle();
    const [working, restored] = putsOf(requestCardId).slice(puts);
    expect(params(working!).btn1Visible).toBe('false');
    expect(params(restored!).btn1Visible).toBe('true');
    expect(actions.calls).toHaveLength(0);
  });

  it('runs an approver\'s click once, as the clicker, and updates the card in place', async () => {
    const puts = putsOf(requestCardId).length;
    r.fake.send(cardFrame(requestCardId, '0457002', 'btn1', 'click-lisi'));
    await r.fake.waitForAck('click-lisi');
    await r.adapter.idle();
    const [working, done] = putsOf(requestCardId).slice(puts);
    expect(params(working!).content).toContain('李四 选择了「批准」');
    expect(params(done!).btn1Visible).toBe('false');
    expect(params(done!).title).toContain('已执行');
    expect(actions.calls).toHaveLength(1);

    const after = putsOf(requestCardId).length;
    r.fake.resend('click-lisi');
    r.fake.send(cardFrame(requestCardId, '0457001', 'btn1', 'click-late'));
    await r.fake.waitForAck('click-late');
    await r.adapter.idle();
    expect(actions.calls).toHaveLength(1);
    expect(putsOf(requestCardId)).toHaveLength(after);
    const late = r.fake.callsTo('/v1.0/robot/oToMessages/batchSend').at(-1)!;
    expect(late.body.userIds).toEqual(['0457001']);
    expect(JSON.parse(String(late.body.msgParam)).text).toContain('按钮已失效');
    const events = (await r.h.store.readEvents(INC))!.filter((e) => e.type.startsWith('action.'));
    expect(events.find((e) => e.type === 'action.approved')).toMatchObject({ actor: 'lisi' });
  });
});

describe('DingTalk without a card template', () => {
  it('sends the request as markdown with the commands to type (through the live session webhook)', async () => {
    const plain = await startDtRig({ cards: false, actions: new RecordingActions() });
    try {
      const session = sessionPath(plain.say('0457001', '宣告 P2 订单导出慢'));
      await plain.fake.waitForCall(session);
      await postRequest(plain);
      await plain.adapter.idle();
      const text = plain.fake.callsTo(session).map((c) => (c.body.markdown as { text: string }).text).find((t) => t.includes('REQ-')) ?? '';
      expect(text).toMatch(/- 批准：\/approve REQ-20261122-001 #[0-9a-f]{12}/);
      expect(text).toContain(`- 拒绝：/deny ${REQ}`);
      expect(plain.fake.callsTo('/v1.0/card/instances/createAndDeliver')).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
