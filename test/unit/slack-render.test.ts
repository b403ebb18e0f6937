import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../../src/adapters/slack/blocks.js';
import { OVERFLOW_FILE, renderReply, TONE_COLOR } from '../../src/adapters/slack/render.js';
import { translator } from '../../src/core/i18n/index.js';
import { failure, reply, type Block } from '../../src/core/reply.js';
import { asJson, textOf, type BlockJson, type SlackPayload } from '../protocol/slack-json.js';

const en = translator('en');
const zh = translator('zh-CN');
/** The rendered message as the JSON Slack receives. */
function render(...args: Parameters<typeof renderReply>): { message: SlackPayload & { blocks: BlockJson[] }; overflow: ReturnType<typeof renderReply>['overflow'] } {
  const { message, overflow } = renderReply(...args);
  const json = asJson(message);
  return { message: { ...json, blocks: json.blocks ?? [] }, overflow };
}
const sizeOf = (blocks: BlockJson[]): number => blocks.reduce((n, b) => n + textOf(b).length, 0);

describe('Slack rendering of a neutral reply', () => {
  it('renders an incident card: severity emoji in the heading, details in an attachment coloured by tone', () => {
    const card = reply(
      [
        { type: 'heading', text: 'INC-20261122-001 · P0 fatal · investigating · commander alice' },
        { type: 'fields', fields: [{ label: 'Title', value: '支付回调失败' }, { label: 'Roles', value: '' }] },
      ],
      'danger',
      'INC-20261122-001',
    );
    const { message, overflow } = render(card, en);
    expect(overflow).toBeUndefined();
    expect(message.blocks).toEqual([{ type: 'header', text: { type: 'plain_text', text: '🔴 INC-20261122-001 · P0 fatal · investigating · commander alice', emoji: true } }]);
    expect(message.attachments).toEqual([
      {
        color: TONE_COLOR.danger,
        fallback: '🔴 INC-20261122-001 · P0 fatal · investigating · commander alice',
        blocks: [{ type: 'section', fields: [{ type: 'plain_text', text: 'Title\n支付回调失败', emoji: false }, { type: 'plain_text', text: 'Roles\n—', emoji: false }] }],
      },
    ]);
    const resolved = render({ ...card, tone: 'success' }, en).message;
    expect(resolved.attachments![0]!.color).toBe(TONE_COLOR.success);
    expect(resolved.blocks[0]!.text!.text).toMatch(/^✅ /);
  });

  it('renders verdicts one per line with emoji, and tables as aligned monospace', () => {
    const { message } = render(
      reply([
        {
          type: 'verdicts',
          rows: [
            { verdict: 'ok', name: 'redis', summary: 'PONG in 2 ms' },
            { verdict: 'warn', name: 'disk /', summary: '85% used' },
            { verdict: 'crit', name: 'mysql', summary: 'Too many connections' },
            { verdict: 'timeout', name: 'http', summary: 'no answer in 3 s' },
            { verdict: 'error', name: 'docker', summary: 'socket not found' },
          ],
        },
        { type: 'table', columns: ['Id', 'Title'], rows: [['INC-1', '支付'], ['INC-22', 'slow']] },
      ]),
      en,
    );
    expect(message.blocks[0]!.text!.type).toBe('plain_text');
    expect(textOf(message.blocks[0])).toBe(
      '✅ redis — PONG in 2 ms\n⚠️ disk / — 85% used\n🔴 mysql — Too many connections\n⏱️ http — no answer in 3 s\n❗ docker — socket not found',
    );
    expect(textOf(message.blocks[1])).toBe('```Id      Title\nINC-1   支付\nINC-22  slow```');
  });

  it('shows user text literally so it can never ping @channel or form a link, and keeps code fences closed', () => {
    const { message } = render(reply([{ type: 'text', text: '<!channel> a & b <https://evil|ok>' }, { type: 'code', text: 'x ``` y <!here>', title: 'log' }]), en);
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'plain_text', text: '<!channel> a & b <https://evil|ok>', emoji: false } });
    expect(message.blocks[1]!.text).toEqual({ type: 'mrkdwn', text: '*log*\n```x `\u200b`` y &lt;!here&gt;```' });
    expect(message.text).toBe('&lt;!channel&gt; a &amp; b &lt;https://evil|ok&gt;');
  });

  it('keeps mrkdwn characters in user values as typed (patterns, SQL, titles) and code inside ``` fences', () => {
    const pattern = 'Purge keys matching *:cache:* (a_b_c, ~x~, `y`)';
    const { message } = render(
      reply([
        { type: 'text', text: pattern },
        { type: 'context', text: 'needs *1* approval by _bob_' },
        { type: 'fields', fields: [{ label: 'Title', value: 'SELECT * FROM t WHERE a_b_c = 1' }] },
        { type: 'verdicts', rows: [{ verdict: 'warn', name: 'redis *:cache:*', summary: '3 keys match a_b_c' }] },
        { type: 'code', text: 'DEL *:cache:* a_b_c' },
      ]),
      en,
    );
    const [text, context, fields, verdicts, code] = message.blocks;
    expect(text!.text).toEqual({ type: 'plain_text', text: pattern, emoji: false });
    expect(context!.elements).toEqual([{ type: 'plain_text', text: 'needs *1* approval by _bob_', emoji: false }]);
    expect(fields!.fields).toEqual([{ type: 'plain_text', text: 'Title\nSELECT * FROM t WHERE a_b_c = 1', emoji: false }]);
    expect(verdicts!.text).toEqual({ type: 'plain_text', text: '⚠️ redis *:cache:* — 3 keys match a_b_c', emoji: false });
    expect(code!.text).toEqual({ type: 'mrkdwn', text: '```DEL *:cache:* a_b_c```' });
  });

  it('marks a refusal with ⛔ and renders buttons carrying their command, leaving out those without one', () => {
    const refused = render(failure([{ type: 'text', text: 'Needs the role approver.' }]), en).message;
    expect(textOf(refused.blocks[0])).toBe('⛔ Needs the role approver.');
    const { message } = render(
      reply([
        {
          type: 'buttons',
          buttons: [
            { id: 'approve', label: 'Approve', command: '/approve REQ-1', style: 'primary' },
            { id: 'open', label: 'x'.repeat(100), command: '/incident show' },
            { id: 'nocmd', label: 'No command' },
          ],
        },
      ]),
      en,
    );
    const [approve, long] = message.blocks[0]!.elements!;
    expect(approve).toEqual({ type: 'button', action_id: 'zhiban:0:approve', text: { type: 'plain_text', text: 'Approve', emoji: true }, value: '/approve REQ-1', style: 'primary' });
    expect(long).toMatchObject({ text: { text: `${'x'.repeat(SLACK_LIMITS.buttonText - 1)}…` } });
    expect(message.blocks[0]!.elements!).toHaveLength(2);
  });

  it('splits more than ten fields over several sections and uses a bold section for a heading too long for a header', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `f${i}`, value: `v${i}` }));
    const { message } = render(reply([{ type: 'heading', text: 'h'.repeat(200) }, { type: 'fields', fields }]), en);
    expect(message.blocks.map((b) => b.type)).toEqual(['section', 'section', 'section']);
    expect(textOf(message.blocks[0])).toBe(`*${'h'.repeat(200)}*`);
    expect(message.blocks[1]!.fields).toHaveLength(10);
    expect(message.blocks[2]!.fields).toHaveLength(2);
  });
});

describe('Slack limits: 50 blocks, 3,000 characters per section, 40,000 per message', () => {
  it('keeps at most 50 blocks, ending with a visible marker, and hands over the full text as a file', () => {
    const blocks: Block[] = Array.from({ length: 80 }, (_, i) => ({ type: 'text', text: `line ${i + 1}` }));
    const { message, overflow } = render(reply(blocks), en);
    expect(message.blocks).toHaveLength(SLACK_LIMITS.blocks);
    expect(message.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: `… cut here to fit in Slack; the full output is attached as ${OVERFLOW_FILE}.` }] });
    expect(overflow?.filename).toBe(OVERFLOW_FILE);
    expect(overflow?.content.split('\n')).toHaveLength(80);
    expect(overflow?.content).toContain('line 80');
  });

  it('cuts a section longer than 3,000 characters at a line boundary with …', () => {
    const long = Array.from({ length: 200 }, (_, i) => `row ${i} ${'x'.repeat(40)}`).join('\n');
    const { message, overflow } = render(reply([{ type: 'code', text: long }, { type: 'text', text: 'a&'.repeat(2000) }, { type: 'code', text: 'a&'.repeat(2000) }]), zh);
    for (const b of message.blocks) expect(textOf(b).length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(textOf(message.blocks[0])).toMatch(/\n…```$/);
    expect(textOf(message.blocks[1])).toMatch(/^a&a&.*…$/);
    expect(textOf(message.blocks[1])).toHaveLength(SLACK_LIMITS.sectionText);
    expect(textOf(message.blocks[2])).toMatch(/^```a&amp;a&amp;.*…```$/);
    expect(textOf(message.blocks[2])).not.toMatch(/&[a-z]{0,4}…```$/);
    expect(textOf(message.blocks.at(-1))).toBe(`……内容过长，已在此截断以适应 Slack；完整输出见附件 ${OVERFLOW_FILE}。`);
    expect(overflow?.content).toContain('row 199');
  });

  it('keeps a message within 40,000 characters', () => {
    const blocks: Block[] = Array.from({ length: 20 }, (_, i) => ({ type: 'text', text: `${i}`.padEnd(2900, '.') }));
    const { message, overflow } = render(reply(blocks), en);
    expect(sizeOf(message.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    expect(message.blocks.length).toBeLessThan(20);
    expect(overflow).toBeDefined();
  });

  it('leaves a reply that fits untouched', () => {
    const { message, overflow } = render(reply([{ type: 'text', text: 'x'.repeat(SLACK_LIMITS.sectionText) }]), en);
    expect(overflow).toBeUndefined();
    expect(textOf(message.blocks[0])).toHaveLength(SLACK_LIMITS.sectionText);
  });
});
