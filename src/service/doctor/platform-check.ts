import { BoltLoggerBridge } from '../../adapters/slack/bolt-logger.js';
import { slackAuthTest } from '../../adapters/slack/auth-check.js';
import { slackSettingsFromEnv } from '../../adapters/slack/settings.js';
import { webClientOptions } from '../../adapters/slack/web.js';
import { DingTalkApi, DingTalkApiError } from '../../adapters/dingtalk/openapi.js';
import { dingtalkSettingsFromEnv } from '../../adapters/dingtalk/settings.js';
import { silentLogger } from '../../core/logger.js';
import { SystemClock } from '../../runtime/system-clock.js';
import { say, type DoctorItem } from './checklist.js';

/** Slack, when SLACK_BOT_TOKEN is set: the settings are complete and auth.test accepts the token with every scope zhiban needs. */
export async function checkSlack(env: NodeJS.ProcessEnv): Promise<DoctorItem> {
  let settings;
  try {
    settings = slackSettingsFromEnv(env);
  } catch (err) {
    return { status: 'fail', what: say('doctor.slack.fail', { reason: (err as Error).message }), fix: say('doctor.slack.fixFail') };
  }
  if (!settings) return { status: 'skip', what: say('doctor.slack.skip') };
  try {
    const bolt = new BoltLoggerBridge(silentLogger);
    const id = await slackAuthTest(settings, { ...webClientOptions(bolt, settings.apiUrl), timeout: 10_000 });
    if (id.missingScopes.length > 0) return { status: 'fail', what: say('doctor.slack.scopes', { scopes: id.missingScopes.join(', ') }), fix: say('doctor.slack.fixScopes') };
    const mode = settings.appToken ? 'Socket Mode' : `HTTP mode (POST /slack/events)`;
    return { status: 'ok', what: say('doctor.slack.ok', { team: id.team || '?', user: id.userId, mode }) };
  } catch (err) {
    return { status: 'fail', what: say('doctor.slack.fail', { reason: (err as Error).message }), fix: say('doctor.slack.fixFail') };
  }
}

/**
 * DingTalk, when DINGTALK_CLIENT_ID is set: the adapter's own settings and OpenAPI client ask
 * `POST /v1.0/oauth2/accessToken` (DINGTALK_API_BASE) for an app token, without retries, within
 * `timeoutMs`. Refused credentials and an unreachable API are told apart.
 */
export async function checkDingtalk(env: NodeJS.ProcessEnv, timeoutMs = 10_000): Promise<DoctorItem> {
  let settings;
  try {
    settings = dingtalkSettingsFromEnv(env);
  } catch (err) {
    return { status: 'fail', what: say('doctor.dingtalk.settings', { reason: (err as Error).message }), fix: say('doctor.dingtalk.fixRefused') };
  }
  if (!settings) return { status: 'skip', what: say('doctor.dingtalk.skip') };
  const base = settings.apiBase;
  const api = new DingTalkApi({ apiBase: base, clientId: settings.clientId, clientSecret: settings.clientSecret, clock: new SystemClock(), logger: silentLogger, retries: 0, timeoutMs });
  try {
    await api.accessToken();
    return { status: 'ok', what: say('doctor.dingtalk.ok', { base }) };
  } catch (err) {
    const e = err instanceof DingTalkApiError ? err : new DingTalkApiError(0, 'Unreachable', (err as Error)?.message ?? String(err));
    if (e.status === 0) return { status: 'fail', what: say('doctor.dingtalk.down', { base, reason: e.message }), fix: say('doctor.dingtalk.fixDown') };
    return { status: 'fail', what: say('doctor.dingtalk.refused', { base, reason: `HTTP ${e.status}: ${e.message}` }), fix: say('doctor.dingtalk.fixRefused') };
  }
}
