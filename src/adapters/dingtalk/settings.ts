import { AdapterStartError } from '../../runtime/chat-adapter.js';

/** DingTalk's OpenAPI; the stream gateway is `/v1.0/gateway/connections/open` under it. */
export const DEFAULT_API_BASE = 'https://api.dingtalk.com';
/** Path of the stream gateway's connection endpoint (POST clientId, clientSecret, subscriptions → endpoint, ticket). */
export const GATEWAY_PATH = '/v1.0/gateway/connections/open';

/** How zhiban connects to DingTalk; read from the environment by `dingtalkSettingsFromEnv`. */
export interface DingTalkSettings {
  /** AppKey / Client ID of the enterprise internal app. */
  clientId: string;
  /** AppSecret / Client Secret (a secret: redacted everywhere). */
  clientSecret: string;
  /** The robot's code; for an enterprise internal app's robot it equals the Client ID. */
  robotCode: string;
  /** Card template id from the card builder; without it every reply is markdown with text commands. */
  cardTemplateId?: string;
  /** Where the stream connection is opened (a private deployment, or a test fake). */
  gatewayUrl: string;
  /** OpenAPI base URL (access tokens, robot messages, cards). */
  apiBase: string;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new AdapterStartError('dingtalk', `${name} must be an http(s) URL, got "${raw}".`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new AdapterStartError('dingtalk', `${name} must be an http(s) URL, got "${raw}".`);
  return raw.replace(/\/+$/, '');
}

/**
 * Reads DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET, DINGTALK_ROBOT_CODE (default: the client id),
 * DINGTALK_CARD_TEMPLATE_ID, DINGTALK_API_BASE and DINGTALK_GATEWAY_URL. Undefined when
 * DINGTALK_CLIENT_ID is not set (DingTalk is not configured); AdapterStartError when what is set
 * cannot work.
 */
export function dingtalkSettingsFromEnv(env: NodeJS.ProcessEnv): DingTalkSettings | undefined {
  const clientId = env.DINGTALK_CLIENT_ID?.trim();
  if (!clientId) return undefined;
  const clientSecret = env.DINGTALK_CLIENT_SECRET?.trim();
  if (!clientSecret) {
    throw new AdapterStartError('dingtalk', 'DINGTALK_CLIENT_SECRET is not set. Copy the Client Secret (AppSecret) from the app\'s 凭证与基础信息 page in the DingTalk developer console.');
  }
  const apiBase = url(env, 'DINGTALK_API_BASE', DEFAULT_API_BASE);
  const gatewayUrl = url(env, 'DINGTALK_GATEWAY_URL', `${apiBase}${GATEWAY_PATH}`);
  const cardTemplateId = env.DINGTALK_CARD_TEMPLATE_ID?.trim() || undefined;
  return { clientId, clientSecret, robotCode: env.DINGTALK_ROBOT_CODE?.trim() || clientId, gatewayUrl, apiBase, ...(cardTemplateId ? { cardTemplateId } : {}) };
}
