import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../src/adapters/dingtalk/backoff.js';
import { cardData } from '../../src/adapters/dingtalk/card-data.js';
import { commandText, parseCardCallback, parseRobotMessage } from '../../src/adapters/dingtalk/inbound.js';
import { escapeMarkdown, MARKDOWN_MAX_CHARS, renderMarkdown } from '../../src/adapters/dingtalk/markdown.js';
import { expandAlias } from '../../src/core/aliases.js';
import { translator } from '../../src/core/i18n/index.js';
import { failure, reply } from '../../src/core/reply.js';

const zh = translator('zh-CN');

describe('DingTalk markdown', () => {
  it('renders verdicts with emoji, tables as lists and fields as bold labels', () => {
    const md = renderMarkdown(
      reply([
        { type: 'heading', text: '/check mysql' },
        { type: 'verdicts', rows: [{ verdict: 'ok', name: 'mysql', summary: '连接正常' }, { verdict: 'crit', name: 'redis', summary: '内存 98%' }, { verdict: 'timeout', name: 'http', summary: '5 s 无响应' }] },
        { type: 'table', columns: ['ID', '状态'], rows: [['REQ-1', '待审批'], ['REQ-2', '已执行']] },
        { type: 'fields', fields: [{ label: '标题', value: '支付回调失败' }] },
      ]),
      zh,
    );
    expect(md.title).toBe('/check mysql');
    expect(md.text).toBe(
      ['### /check mysql', '- ✅ **mysql** — 连接正常\n- 🔴 **redis** — 内存 98%\n- ⏱️ **http** — 5 s 无响应', '*ID · 状态*', '- **REQ-1** · 待审批\n- **REQ-2** · 已执行', '- **标题**：支付回调失败'].join('\n\n'),
    );
  });

  it('shows user text literally: no link, emphasis, heading or HTML can come out of it', () => {
    expect(escapeMarkdown('# [点我](http://evil) **粗** <font color=red>x</font>')).toBe('\\# \\[点我\\](http://evil) \\*\\*粗\\*\\* \\<font color=red>x\\</font>');
    expect(escapeMarkdown('- item\n1. first\n> quote')).toBe('\\- item\n1\\. first\n\\> quote');
  });

  it('marks a refusal with ⛔ and @-mentions the people asked for', () => {
    const md = renderMarkdown(failure([{ type: 'text', text: '没有权限' }]), zh, ['0457001']);
    expect(md.text).toBe('⛔ 没有权限\n\n@0457001');
  });

  it('turns buttons into the commands to type when there is no card', () => {
    const md = renderMarkdown(reply([{ type: 'buttons', buttons: [{ id: 'approve', label: '批准', command: '/approve REQ-20261122-001 #3f2a9c1d0b7e' }] }]), zh);
    expect(md.text).toBe('**回复以下命令之一：**\n\n- 批准：/approve REQ-20261122-001 #3f2a9c1d0b7e');
  });

  it('cuts a long reply at a line and says so', () => {
    const long = Array.from({ length: 400 }, (_, i) => `第 ${i} 行日志 ${'x'.repeat(20)}`).join('\n');
    const md = renderMarkdown(reply([{ type: 'code', text: long }]), zh);
    expect(md.text.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(md.text.endsWith('……内容过长，已在此截断以适应钉钉；请用 \\`zhiban exec\\` 运行同一命令查看全部内容。')).toBe(true);
  });
});

describe('DingTalk card data', () => {
  it('puts up to three buttons into the template slots and keeps their commands on zhiban\'s side', () => {
    const data = cardData(
      reply([
        { type: 'heading', text: 'REQ-20261122-001 · restart' },
        { type: 'text', text: '重启 backend' },
        { type: 'buttons', buttons: [{ id: 'approve', label: '批准', style: 'primary', command: '/approve REQ-20261122-001 #3f2a9c1d0b7e' }, { id: 'deny', label: '拒绝', style: 'danger', command: '/deny REQ-20261122-001' }] },
      ], 'warning'),
      zh,
    );
    expect(data.params).toMatchObject({ title: 'REQ-20261122-001 · restart', content: '重启 backend', tone: 'warning', btn1Label: '批准', btn1Style: 'primary', btn1Visible: 'true', btn2Label: '拒绝', btn2Visible: 'true', btn3Visible: 'false' });
    expect(data.buttons).toEqual([
      { slot: 'btn1', label: '批准', command: '/approve REQ-20261122-001 #3f2a9c1d0b7e' },
      { slot: 'btn2', label: '拒绝', command: '/deny REQ-20261122-001' },
    ]);
    expect(Object.values(data.params).every((v) => typeof v === 'string')).toBe(true);
  });
});

describe('DingTalk input', () => {
  it('strips the @mention and expands Chinese aliases', () => {
    expect(commandText('@值班 检查 mysql')).toBe('check mysql');
    expect(commandText('\u2005@值班\u2005/incident list')).toBe('/incident list');
    expect(commandText(' 故障 P1 支付回调失败')).toBe('incident declare P1 支付回调失败');
    expect(expandAlias('/批准 REQ-20261122-001')).toBe('approve REQ-20261122-001');
    expect(expandAlias('检查mysql')).toBe('check mysql');
    expect(expandAlias('确认')).toBe('ack');
    expect(expandAlias('检查员说了算')).toBe('检查员说了算');
    expect(expandAlias('/incident note INC-1 已检查 mysql')).toBe('/incident note INC-1 已检查 mysql');
  });

  it('reads a card callback whose content and value are JSON strings inside the JSON data', () => {
    const inner = JSON.stringify({ cardPrivateData: { actionIds: ['b1'], params: { action: 'btn1' } } });
    expect(parseCardCallback(JSON.stringify({ outTrackId: 'zb-1', userId: '0457002', content: inner, value: inner }))).toEqual({ outTrackId: 'zb-1', userId: '0457002', action: 'btn1' });
    expect(parseCardCallback(JSON.stringify({ outTrackId: 'zb-1', userId: '0457002', content: inner }))).toMatchObject({ action: 'btn1' });
    expect(() => parseCardCallback(JSON.stringify({ outTrackId: 'zb-1', userId: 'u', content: '{"cardPrivateData":{}}' }))).toThrow('without an action');
    expect(() => parseCardCallback('{not json')).toThrow('not JSON');
  });

  it('refuses a robot message without its ids', () => {
    expect(() => parseRobotMessage(JSON.stringify({ text: { content: 'hi' } }))).toThrow('without msgId');
    expect(parseRobotMessage(JSON.stringify({ msgId: 'm', conversationId: 'c', text: { content: 'hi' }, sessionWebhookExpiredTime: 5 }))).toMatchObject({ msgtype: 'text', conversationType: '2', sessionWebhookExpiredTime: 5 });
  });
});

describe('reconnect backoff', () => {
  it('grows exponentially to the cap, with jitter between half and all of it', () => {
    expect(reconnectDelay(0, () => 0, 1000, 60_000)).toBe(500);
    expect(reconnectDelay(0, () => 0.999999, 1000, 60_000)).toBe(1000);
    expect(reconnectDelay(3, () => 0.5, 1000, 60_000)).toBe(6000);
    expect(reconnectDelay(50, () => 0.999999, 1000, 60_000)).toBe(60_000);
  });
});
