import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { PageChannel, PagingConfig } from '../core/paging/config.js';
import type { Notifier } from '../core/paging/notifier.js';
import { ChatDmNotifier, type AdapterLookup } from './chat-dm.js';
import { DingTalkRobotNotifier } from './dingtalk-robot.js';
import { WebhookNotifier } from './webhook.js';

/** Every page channel the config enables: Slack DM always, the robot and the gateway when configured. */
export function buildNotifiers(config: PagingConfig, adapters: AdapterLookup, clock: Clock, logger: Logger): Map<PageChannel, Notifier> {
  const out = new Map<PageChannel, Notifier>();
  out.set('chat', new ChatDmNotifier(adapters));
  if (config.dingtalkRobot) out.set('dingtalk', new DingTalkRobotNotifier(config.dingtalkRobot, clock, logger));
  if (config.webhook) out.set('webhook', new WebhookNotifier(config.webhook, clock));
  return out;
}
