import type { Platform } from '../core/invocation.js';
import type { AdapterFactory } from './chat-adapter.js';

/**
 * Every chat platform zhiban can run on, each with a lazy loader of its adapter factory: a
 * platform's SDK is imported only when `zhiban start` looks for it, never by `exec` or `shell`.
 * Adding a platform is one line here plus its folder under `adapters/`.
 */
export const PLATFORMS: Partial<Record<Platform, () => Promise<AdapterFactory>>> = {
  slack: async () => (await import('../adapters/slack/adapter.js')).slackFromEnv,
  dingtalk: async () => (await import('../adapters/dingtalk/adapter.js')).dingtalkFromEnv,
};
