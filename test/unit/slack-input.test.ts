import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../commands/index.js';
import { parseSlackBody } from '../../src/adapters/slack/body.js';
import { Deduper } from '../../src/adapters/slack/inflight.js';
import { eventRecordId, isZhibanCommand } from '../../src/adapters/slack/listeners.js';
import { assertStoreName } from '../../src/store/guards.js';
import { escapeMrkdwn, plainCommandText, stripBotMention } from '../../src/adapters/slack/text.js';

describe('what Slack sends, as the command line the user typed', () => {
  it('strips the bot mention wherever it is, with or without a label', () => {
    expect(stripBotMention('<@UBOT> incident list', 'UBOT')).toBe('incident list');
    expect(stripBotMention('hey <@UBOT|zhiban>   /incident show', 'UBOT')).toBe('/incident show');
    expect(stripBotMention('<@UOTHER> ping', 'UBOT')).toBe('<@UOTHER> ping');
  });

  it('maps user mentions to zhiban ids, channels and links to what was typed, and unescapes', () => {
    const zhiban = (id: string) => (id === 'U0BOB' ? 'bob' : undefined);
    expect(plainCommandText('/incident role INC-20261122-001 commander <@U0BOB>', zhiban)).toBe('/incident role INC-20261122-001 commander bob');
    expect(plainCommandText('note <@U0X|dave> in <#C1|ops> see <https://example.com/a?b=1|example.com/a?b=1> &amp; &lt;x&gt;', zhiban)).toBe(
      'note @dave in #ops see example.com/a?b=1 & <x>',
    );
    expect(plainCommandText('<!here> <!subteam^S1|@oncall> <https://x.y>')).toBe('@here @oncall https://x.y');
    expect(plainCommandText('  /incident declare P1 支付回调失败  ')).toBe('/incident declare P1 支付回调失败');
  });

  it('escapes mrkdwn control characters', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});

describe('button values', () => {
  const registry = buildRegistry();
  it('accepts only one-line zhiban commands within the value limit', () => {
    expect(isZhibanCommand('/incident note INC-20261122-001 ok', registry)).toBe(true);
    expect(isZhibanCommand('/HELP', registry)).toBe(true);
    expect(isZhibanCommand('incident list', registry)).toBe(false);
    expect(isZhibanCommand('/rm -rf /', registry)).toBe(false);
    expect(isZhibanCommand('/help\n/incident declare P0 x', registry)).toBe(false);
    expect(isZhibanCommand(`/help ${'x'.repeat(2000)}`, registry)).toBe(false);
  });
});

describe('Deduper', () => {
  it('says first-seen once per key within the window, again after it, and forgets the oldest past its size', () => {
    const d = new Deduper(10_000, 2);
    expect(d.firstSeen('a', 0)).toBe(true);
    expect(d.firstSeen('a', 9_999)).toBe(false);
    expect(d.firstSeen('a', 10_000)).toBe(true);
    d.firstSeen('b', 10_001);
    d.firstSeen('c', 10_002);
    expect(d.firstSeen('a', 10_003)).toBe(true);
    expect(d.firstSeen('c', 10_004)).toBe(false);
  });
});

describe('eventRecordId', () => {
  it("keeps Slack's event ids, turns any other id into a valid store name, and has none for a missing id", () => {
    expect(eventRecordId('Ev08ABCD1234')).toBe('Ev08ABCD1234');
    const odd = ['Ev/../../etc', 'Ev 1', 'x'.repeat(129), '..', 'Ev.1'].map(eventRecordId);
    for (const id of odd) expect(() => assertStoreName('record id', id!)).not.toThrow();
    expect(new Set(odd).size).toBe(odd.length);
    expect(odd[0]).toMatch(/^sha256\.[0-9a-f]{64}$/);
    expect(eventRecordId('Ev/../../etc')).toBe(odd[0]);
    expect([eventRecordId(''), eventRecordId(undefined), eventRecordId(42)]).toEqual([undefined, undefined, undefined]);
  });
});

describe('parseSlackBody', () => {
  it('reads events as JSON, slash commands as form fields and interactivity as a JSON payload field', () => {
    expect(parseSlackBody('{"type":"event_callback","event":{}}', 'application/json; charset=utf-8')).toEqual({ ok: true, body: { type: 'event_callback', event: {} } });
    expect(parseSlackBody('command=%2Fhelp&text=incident', 'application/x-www-form-urlencoded')).toEqual({ ok: true, body: { command: '/help', text: 'incident' } });
    expect(parseSlackBody('payload=%7B%22type%22%3A%22block_actions%22%7D', 'application/x-www-form-urlencoded')).toEqual({ ok: true, body: { type: 'block_actions' } });
  });

  it('refuses other content types (415) and bodies that are not what their type promises (400)', () => {
    expect(parseSlackBody('{}', 'text/plain')).toMatchObject({ ok: false, status: 415 });
    expect(parseSlackBody('{}', undefined)).toMatchObject({ ok: false, status: 415 });
    expect(parseSlackBody('{"no":"type"}', 'application/json')).toMatchObject({ ok: false, status: 400 });
    expect(parseSlackBody('null', 'application/json')).toMatchObject({ ok: false, status: 400 });
    expect(parseSlackBody('payload=%5B%5D', 'application/x-www-form-urlencoded')).toMatchObject({ ok: false, status: 400 });
    expect(parseSlackBody('a=b', 'application/x-www-form-urlencoded')).toMatchObject({ ok: false, status: 400 });
  });
});
