import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackSignature } from '../../src/adapters/slack/signature.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
// The worked example of Slack's "Verifying requests from Slack" guide.
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const TS = 1531420618;
const GOOD = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const headers = (ts: number | string, sig: string) => ({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig });

describe('verifySlackSignature (v0, HMAC-SHA256, 5-minute replay window)', () => {
  it('computes the signature of Slack\'s documented example', () => {
    expect(slackSignature(SECRET, String(TS), BODY)).toBe(GOOD);
  });

  it('accepts the exact body, signature and a timestamp within the window', () => {
    expect(verifySlackSignature(SECRET, BODY, headers(TS, GOOD), TS)).toEqual({ ok: true });
    expect(verifySlackSignature(SECRET, Buffer.from(BODY), headers(TS, GOOD), TS + 300)).toEqual({ ok: true });
    expect(verifySlackSignature(SECRET, BODY, headers(TS, GOOD), TS - 300)).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret or a forged signature', () => {
    expect(verifySlackSignature(SECRET, BODY.replace('roadrunner', 'coyote'), headers(TS, GOOD), TS)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySlackSignature('another-secret', BODY, headers(TS, GOOD), TS)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySlackSignature(SECRET, BODY, headers(TS, GOOD.replace('a2', 'b2')), TS)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySlackSignature(SECRET, BODY, headers(TS, 'v0=short'), TS)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySlackSignature(SECRET, BODY, headers(TS, GOOD.replace('v0=', 'v1=')), TS)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a timestamp older or newer than five minutes (replays), before comparing signatures', () => {
    expect(verifySlackSignature(SECRET, BODY, headers(TS, GOOD), TS + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySlackSignature(SECRET, BODY, headers(TS, GOOD), TS - 301)).toEqual({ ok: false, reason: 'future' });
  });

  it('refuses missing, repeated or malformed headers and an empty secret', () => {
    expect(verifySlackSignature(SECRET, BODY, {}, TS)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackSignature(SECRET, BODY, { 'x-slack-signature': GOOD }, TS)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackSignature(SECRET, BODY, { 'x-slack-request-timestamp': String(TS), 'x-slack-signature': [GOOD, GOOD] }, TS)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackSignature('', BODY, headers(TS, GOOD), TS)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackSignature(SECRET, BODY, headers('1531420618.5', GOOD), TS)).toEqual({ ok: false, reason: 'bad-timestamp' });
    expect(verifySlackSignature(SECRET, BODY, headers('-1', GOOD), TS)).toEqual({ ok: false, reason: 'bad-timestamp' });
  });
});
