import { slackStartError, type SlackSettings } from './settings.js';
import { createWebClient, slackErrorCode, type WebClientOptions } from './web.js';

/** REQUIRED_BOT_SCOPES: what the adapter's calls need (manifest.yml grants them). */
export const REQUIRED_BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'app_mentions:read', 'files:write'] as const;

/** Who the bot token belongs to, from auth.test. */
export interface SlackIdentity {
  team: string;
  userId: string;
  botId?: string;
  /** Required scopes the token was not granted (empty when Slack did not say). */
  missingScopes: string[];
}

/**
 * Checks the bot token with auth.test (no retries). Rejects with an AdapterStartError that says
 * whether Slack refused the token (check SLACK_BOT_TOKEN) or could not be reached (check the
 * network and SLACK_API_URL). Used at start-up and by `zhiban doctor`.
 */
export async function slackAuthTest(settings: Pick<SlackSettings, 'botToken' | 'apiUrl'>, options: WebClientOptions): Promise<SlackIdentity> {
  const where = settings.apiUrl ? ` at ${settings.apiUrl} (SLACK_API_URL)` : '';
  let auth;
  try {
    auth = await createWebClient(settings.botToken, { ...options, retryConfig: { retries: 0 } }).auth.test();
  } catch (err) {
    const refused = typeof (err as { data?: { error?: unknown } }).data?.error === 'string';
    if (!refused) throw slackStartError(`could not reach Slack: auth.test failed (${slackErrorCode(err)})${where}. Check the network${settings.apiUrl ? ' and SLACK_API_URL' : ''}.`);
    throw slackStartError(`Slack refused the bot token: auth.test failed (${slackErrorCode(err)})${where}. Check SLACK_BOT_TOKEN: the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, after installing the app.`);
  }
  const granted = auth.response_metadata?.scopes;
  return {
    team: auth.team ?? '',
    userId: auth.user_id ?? '',
    ...(auth.bot_id ? { botId: auth.bot_id } : {}),
    missingScopes: granted ? REQUIRED_BOT_SCOPES.filter((s) => !granted.includes(s)) : [],
  };
}
