import { createHmac } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { PageTarget } from '../core/paging/model.js';
import type { Notifier, PageMessage, SendResult } from '../core/paging/notifier.js';
import { pageText } from '../core/paging/view.js';
import { postJson, retryableStatus } from './http.js';

/** DingTalk's answer when a robot sent more than 20 messages in a minute: it is blocked for 10 minutes. */
export const ROBOT_THROTTLED = 130101;
/** DingTalk's answer when the 加签 signature does not match the robot's secret. */
export const ROBOT_BAD_SIGN = 310000;
const BLOCK_MS = 10 * 60_000;

/** The robot settings (`paging.dingtalkRobot`). */
export interface RobotSettings {
  webhook: string;
  secret?: string | undefined;
  timeoutMs: number;
  perMinute: number;
}

/**
 * The 加签 signature of a custom robot: HmacSHA256 over `timestamp + "\n" + secret` keyed with
 * the secret, base64, then URL-encoded. `timestamp` is ms since the epoch.
 */
export function robotSign(secret: string, timestamp: number): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
}

/** The webhook URL with `timestamp` and `sign` appended (as is, without a secret). */
export function signedRobotUrl(webhook: string, secret: string | undefined, timestamp: number): string {
  if (!secret) return webhook;
  return `${webhook}${webhook.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${robotSign(secret, timestamp)}`;
}

/** The markdown body of one or several pages, with every mobile both in `at.atMobiles` and as `@mobile` in the text (so phones ring). */
export function robotBody(messages: PageMessage[]): Record<string, unknown> {
  const mobiles = [...new Set(messages.flatMap((m) => (m.person.phone ? [digits(m.person.phone)] : [])))];
  const userIds = [...new Set(messages.flatMap((m) => (!m.person.phone && m.person.dingtalk ? [m.person.dingtalk] : [])))];
  const parts = messages.map((m) => {
    const { title, lines } = pageText(m);
    const at = m.person.phone ? ` @${digits(m.person.phone)}` : m.person.dingtalk ? ` @${m.person.dingtalk}` : '';
    return `#### ${title}\n\n${lines.join('\n\n')}${at}`;
  });
  const title = messages.length === 1 ? pageText(messages[0]!).title : `zhiban: ${messages.length} pages`;
  return { msgtype: 'markdown', markdown: { title, text: parts.join('\n\n---\n\n') }, at: { atMobiles: mobiles, atUserIds: userIds, isAtAll: false } };
}

function digits(phone: string): string {
  return phone.replace(/[^0-9]/g, '');
}

/**
 * A DingTalk group custom robot. Several pages waiting together go out as one message (the robot
 * takes 20 a minute); 130101 blocks the channel for 10 minutes with every page kept; a signature
 * mismatch is an operator error that retrying cannot fix, logged as such.
 */
export class DingTalkRobotNotifier implements Notifier {
  readonly channel = 'dingtalk' as const;
  readonly batch = 10;
  readonly perMinute: number;

  constructor(
    private readonly settings: RobotSettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.perMinute = settings.perMinute;
  }

  address(p: PageTarget): string | undefined {
    if (p.phone) return `@${digits(p.phone)}`;
    return p.dingtalk ? `@${p.dingtalk}` : undefined;
  }

  async send(messages: PageMessage[]): Promise<SendResult> {
    const url = signedRobotUrl(this.settings.webhook, this.settings.secret, this.clock.now());
    const res = await postJson(url, JSON.stringify(robotBody(messages)), {}, this.settings.timeoutMs);
    if ('error' in res) return { ok: false, error: `DingTalk robot: ${res.error}`, retry: true };
    if (res.status !== 200) return { ok: false, error: `DingTalk robot: HTTP ${res.status}`, retry: retryableStatus(res.status) };
    let answer: { errcode?: number; errmsg?: string };
    try {
      answer = JSON.parse(res.body) as typeof answer;
    } catch {
      return { ok: false, error: 'DingTalk robot: the answer is not JSON', retry: true };
    }
    if (answer.errcode === 0 || answer.errcode === undefined) return { ok: true };
    const error = `DingTalk robot errcode ${answer.errcode}: ${String(answer.errmsg ?? '').slice(0, 200)}`;
    if (answer.errcode === ROBOT_THROTTLED) return { ok: false, error, retry: true, blockedMs: BLOCK_MS };
    if (answer.errcode === ROBOT_BAD_SIGN) {
      this.logger.error('DingTalk robot refused the signature (310000): check paging.dingtalkRobot.secret against the robot\'s 加签 secret', { errcode: answer.errcode });
    }
    return { ok: false, error, retry: false };
  }
}
