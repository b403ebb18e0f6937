import { AdapterStartError } from '../../runtime/chat-adapter.js';

/** How zhiban connects to Slack; read from the environment by `slackSettingsFromEnv`. */
export interface SlackSettings {
  botToken: string;
  /** Required in HTTP mode. */
  signingSecret?: string;
  /** Socket Mode when set (no public URL needed). */
  appToken?: string;
  /** HTTP mode port (0: any free port). */
  port: number;
  host?: string;
  /** Web API base URL (GovSlack, proxies, tests). */
  apiUrl?: string;
}

/** Slack could not start as configured: an AdapterStartError of the platform `slack`. */
export function slackStartError(message: string): AdapterStartError {
  return new AdapterStartError('slack', message);
}

/**
 * Reads SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, PORT (default 3000) and
 * SLACK_API_URL. Undefined when SLACK_BOT_TOKEN is not set (Slack is not configured); throws
 * AdapterStartError when what is set cannot work.
 */
export function slackSettingsFromEnv(env: NodeJS.ProcessEnv): SlackSettings | undefined {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!botToken) return undefined;
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  const port = Number(env.PORT?.trim() || '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw slackStartError(`PORT must be a port number (0-65535), got "${env.PORT}".`);
  if (!appToken && !signingSecret) {
    throw slackStartError('SLACK_SIGNING_SECRET is not set. HTTP mode needs it to verify requests (Basic Information → Signing Secret); or set SLACK_APP_TOKEN to use Socket Mode.');
  }
  if (appToken && !appToken.startsWith('xapp-')) throw slackStartError('SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write).');
  const apiUrl = env.SLACK_API_URL?.trim() || undefined;
  return { botToken, port, ...(appToken ? { appToken } : {}), ...(signingSecret ? { signingSecret } : {}), ...(apiUrl ? { apiUrl } : {}) };
}
