import { describe, expect, it } from 'vitest';
import { ANSI, PLAIN, renderText } from '../../src/render/text.js';
import { renderReply } from '../../src/adapters/slack/render.js';
import { translator } from '../../src/core/i18n/index.js';
import { failure, reply, type Reply } from '../../src/core/reply.js';
import { escapeJsonOutput, sanitizeText } from '../../src/core/sanitize.js';
import { harness } from '../support/harness.js';
import { FakeClock } from '../../src/core/clock.js';
import { Redactor } from '../../src/core/redact.js';
import { createLogger } from '../../src/runtime/pino-logger.js';

/** Every character a terminal or a bidi-aware display would act on instead of showing. */
const HOSTILE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const ATTACK = 'pay\u001b[2J\u001b]0;pwned\u0007 fail\rOK\u0000 \u202Egnp.exe\u2066x\u2069 \u009b31m';

const hostile: Reply = reply(
  [
    { type: 'heading', text: `INC-20261122-001 · ${ATTACK}` },
    { type: 'text', text: `line one\n${ATTACK}` },
    { type: 'fields', fields: [{ label: `T${ATTACK}`, value: ATTACK }] },
    { type: 'code', title: ATTACK, text: `log ${ATTACK}\nnext` },
    { type: 'table', columns: ['a', ATTACK], rows: [[ATTACK, 'x']] },
    { type: 'verdicts', rows: [{ verdict: 'crit', name: ATTACK, summary: ATTACK }] },
    { type: 'buttons', buttons: [{ id: 'b', label: ATTACK, command: `/approve ${ATTACK}` }] },
    { type: 'context', text: ATTACK },
  ],
  'danger',
  'INC-20261122-001',
);

describe('control and bidi characters never reach a screen raw', () => {
  it('the console shows them as visible escapes, keeps newlines and tabs, and keeps its own colours', () => {
    const plain = renderText(hostile, PLAIN);
    expect(plain).not.toMatch(HOSTILE);
    expect(plain).toContain('pay␛[2J␛]0;pwned␇ fail␍OK␀ <U+202E>gnp.exe<U+2066>x<U+2069> <U+009B>31m');
    expect(plain.split('\n')).toContain('line one');
    const styled = renderText(failure([{ type: 'text', text: `no\u001b[31m` }]), ANSI);
    expect(styled).toBe('\u001b[31m✗ no␛[31m\u001b[39m');
  });

  it('Slack messages carry no bidi override or control character, in blocks, attachments and fallback text', () => {
    const { message, overflow } = renderReply(hostile, translator('en'));
    const json = JSON.stringify(message);
    expect(JSON.parse(json, (_k, v: unknown) => {
      if (typeof v === 'string') expect(v).not.toMatch(HOSTILE);
      return v;
    })).toBeTruthy();
    expect(overflow?.content ?? '').not.toMatch(HOSTILE);
  });

  it('the shared function leaves ordinary text, CJK and emoji alone', () => {
    const text = '支付回调失败 — 「订单」 ✅ 🔴 tab\there\nnext';
    expect(sanitizeText(text)).toBe(text);
  });

  it('JSON output escapes them as \\u sequences, so the data is exact but the terminal sees no raw character', () => {
    const out = escapeJsonOutput(JSON.stringify({ title: ATTACK }));
    expect(out).not.toMatch(HOSTILE);
    expect((JSON.parse(out) as { title: string }).title).toBe(ATTACK);
  });
});

describe('escape sequences typed into an incident', () => {
  it('are stored as typed and shown escaped', async () => {
    const h = await harness();
    const title = 'db down\u001b[2J\u202Etxt.exe';
    const seen = await h.run('alice', `/incident declare P2 ${title}`);
    expect(seen.text).not.toMatch(HOSTILE);
    expect(seen.text).toContain('db down␛[2J<U+202E>txt.exe');
    const events = await h.app.services.incidents.timeline(seen.reply.incidentId!);
    expect(events[0]!.data.title).toBe(title);
  });
});

describe('the JSON log', () => {
  it('writes control and bidi characters as \\u escapes, so tailing the log in a terminal is safe', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', sink: (l) => lines.push(l), redactor: new Redactor(), clock: new FakeClock('2026-11-22T02:00:00.000Z') });
    log.info('refused', { text: ATTACK });
    expect(lines[0]).not.toMatch(HOSTILE);
    expect((JSON.parse(lines[0]!) as { text: string }).text).toBe(ATTACK);
  });
});
