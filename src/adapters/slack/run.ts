import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import type { App } from '../../runtime/app.js';
import { EVENTS_PATH } from './http-receiver.js';
import { SlackStartError, slackSettingsFromEnv, startSlack } from './start.js';

/** Where `serveFromEnv` talks to the operator, and which emitter delivers SIGTERM/SIGINT. */
export interface ServeIo {
  out: Writable;
  err: Writable;
  signals: EventEmitter;
}

/**
 * `zhiban start`: starts the chat platforms configured in `env` (Slack when SLACK_BOT_TOKEN is
 * set) and serves until SIGTERM or SIGINT, then stops receiving and lets work in progress finish.
 * Resolves true after a clean stop; false when nothing could start, with the reason on `err`.
 */
export async function serveFromEnv(app: App, env: NodeJS.ProcessEnv, io: ServeIo): Promise<boolean> {
  let adapter;
  try {
    const settings = slackSettingsFromEnv(env);
    if (!settings) {
      io.err.write('zhiban start: no chat platform is configured. Set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET): see README "Slack".\n');
      return false;
    }
    adapter = await startSlack(app, settings);
  } catch (err) {
    if (!(err instanceof SlackStartError)) throw err;
    io.err.write(`zhiban start: ${err.message}\n`);
    return false;
  }
  const how = adapter.mode === 'socket' ? 'Socket Mode' : `HTTP mode on port ${adapter.port}, POST ${EVENTS_PATH}`;
  if (adapter.missingScopes.length > 0) {
    io.err.write(`zhiban start: the bot token lacks the scopes ${adapter.missingScopes.join(', ')}; add them (manifest.yml lists them) and reinstall the app.\n`);
  }
  io.out.write(`zhiban: Slack connected to ${adapter.team || 'the workspace'} as <@${adapter.botUserId}> (${how}). Stop with Ctrl-C.\n`);
  const signal = await new Promise<string>((resolve) => {
    const on = (name: string) => () => {
      io.signals.off('SIGTERM', term);
      io.signals.off('SIGINT', int);
      resolve(name);
    };
    const term = on('SIGTERM');
    const int = on('SIGINT');
    io.signals.on('SIGTERM', term);
    io.signals.on('SIGINT', int);
  });
  io.out.write(`zhiban: ${signal} received, finishing work in progress…\n`);
  await adapter.stop();
  io.out.write('zhiban: stopped.\n');
  return true;
}
