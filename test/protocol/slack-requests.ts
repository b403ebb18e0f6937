import { slackSignature } from '../../src/adapters/slack/signature.js';

/** The signing secret the adapter under test is started with. */
export const SIGNING_SECRET = 'test-signing-secret-8f14e45fceea167a';

/** What came back from the adapter. */
export interface Answer {
  status: number;
  text: string;
  ms: number;
}

/** How to sign (or mis-sign) one request. */
export interface PostOptions {
  contentType?: string;
  /** Request timestamp in seconds (default: now). */
  ts?: number;
  secret?: string;
  /** Replaces the computed signature (forgeries). */
  signature?: string;
  headers?: Record<string, string>;
}

/** Posts `body` to the adapter the way Slack does: signed with v0 HMAC over the exact bytes. */
export async function post(url: string, body: string, opts: PostOptions = {}): Promise<Answer> {
  const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'Content-Type': opts.contentType ?? 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': ts,
    'X-Slack-Signature': opts.signature ?? slackSignature(opts.secret ?? SIGNING_SECRET, ts, body),
    ...opts.headers,
  };
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text(), ms: Date.now() - started };
}

/** The form fields of a slash command as Slack posts them. */
export function commandFields(user: string, line: string, responseUrl: string, channel = 'C0INC'): Record<string, string> {
  const [command, ...rest] = line.split(' ');
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    team_domain: 'test',
    channel_id: channel,
    channel_name: 'incidents',
    user_id: user,
    user_name: user.toLowerCase(),
    command: command!,
    text: rest.join(' '),
    api_app_id: 'A0ZHIBAN',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `trigger.${Math.random().toString(36).slice(2)}`,
  };
}

/** A slash command body (form-encoded). */
export function commandBody(user: string, line: string, responseUrl: string, channel?: string): string {
  return new URLSearchParams(commandFields(user, line, responseUrl, channel)).toString();
}

/** The Events API callback of an app_mention. */
export function mentionPayload(user: string, text: string, eventId: string, opts: { channel?: string; ts?: string; threadTs?: string } = {}) {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    api_app_id: 'A0ZHIBAN',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0TEST', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: {
      type: 'app_mention',
      user,
      text,
      ts: opts.ts ?? '1700000500.000100',
      ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
      channel: opts.channel ?? 'C0OPS',
      event_ts: opts.ts ?? '1700000500.000100',
    },
  };
}

/** The interactivity payload of a button click on a message. */
export function clickPayload(user: string, value: string, responseUrl: string, opts: { messageTs?: string; channel?: string; actionId?: string } = {}) {
  return {
    type: 'block_actions',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0ZHIBAN',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: opts.messageTs ?? '1700000001.000100', channel_id: opts.channel ?? 'C0INC', is_ephemeral: false },
    trigger_id: `trigger.${Math.random().toString(36).slice(2)}`,
    channel: { id: opts.channel ?? 'C0INC', name: 'incidents' },
    message: { type: 'message', ts: opts.messageTs ?? '1700000001.000100', text: 'card' },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        action_id: opts.actionId ?? 'zhiban:0:approve',
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Approve' },
        value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

/** An interactivity payload as the form body Slack posts. */
export function formPayload(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
