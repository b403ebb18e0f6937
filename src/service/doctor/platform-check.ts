import { BoltLoggerBridge } from '../../adapters/slack/bolt-logger.js';
import { slackAuthTest } from '../../adapters/slack/auth-check.js';
import { slackSettingsFromEnv } from '../../adapters/slack/settings.js';
import { webClientOptions } from '../../adapters/slack/web.js';
import { silentLogger } from '../../core/logger.js';
import { say, type DoctorItem } from './checklist.js';

/** DingTalk's open API unless DINGTALK_API_BASE points elsewhere (a proxy, a test fake). */
export const DINGTALK_API = 'https://api.dingtalk.com';

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
 * DingTalk, when DINGTALK_CLIENT_ID is set: the app credentials get an access token from
 * `POST /v1.0/oauth2/accessToken` within `timeoutMs`. Refused credentials and an unreachable
 * API are told apart.
 */
export async function checkDingtalk(env: NodeJS.ProcessEnv, timeoutMs = 10_000): Promise<DoctorItem> {
  const appKey = env.DINGTALK_CLIENT_ID?.trim();
  if (!appKey) return { status: 'skip', what: say('doctor.dingtalk.skip') };
  const appSecret = env.DINGTALK_CLIENT_SECRET?.trim();
  if (!appSecret) return { status: 'fail', what: say('doctor.dingtalk.noSecret'), fix: say('doctor.dingtalk.fixRefused') };
  const base = (env.DINGTALK_API_BASE?.trim() || DINGTALK_API).replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey, appSecret }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
    return { status: 'fail', what: say('doctor.dingtalk.down', { base, reason }), fix: say('doctor.dingtalk.fixDown') };
  }
  const body = (await res.json().catch(() => ({}))) as { accessToken?: unknown; code?: unknown; message?: unknown };
  if (res.ok && typeof body.accessToken === 'string' && body.accessToken) return { status: 'ok', what: say('doctor.dingtalk.ok', { base }) };
  const reason = [`HTTP ${res.status}`, typeof body.code === 'string' ? body.code : '', typeof body.message === 'string' ? body.message : ''].filter(Boolean).join(' ').slice(0, 200);
  return { status: 'fail', what: say('doctor.dingtalk.refused', { base, reason }), fix: say('doctor.dingtalk.fixRefused') };
}
