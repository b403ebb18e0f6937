import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import type { App } from './app.js';
import { AdapterStartError } from './chat-adapter.js';
import { Runtime, type RuntimeOptions } from './runtime.js';

/** Where `serveFromEnv` talks to the operator, and which emitter delivers SIGTERM/SIGINT. */
export interface ServeIo {
  out: Writable;
  err: Writable;
  signals: EventEmitter;
}

/**
 * `zhiban start`: starts every chat platform configured in `env` in one runtime over `app` and
 * serves until SIGTERM or SIGINT, then stops receiving and lets work in progress finish.
 * Resolves true after a clean stop; false when nothing could start, with the reason on `err`.
 */
export async function serveFromEnv(app: App, env: NodeJS.ProcessEnv, io: ServeIo, opts: RuntimeOptions = {}): Promise<boolean> {
  const runtime = new Runtime(app, opts);
  try {
    const adapters = await runtime.fromEnv(env);
    if (adapters.length === 0) {
      io.err.write('zhiban start: no chat platform is configured. Set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET), or DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET: see README "Slack" and "DingTalk (钉钉)".\n');
      return false;
    }
    await runtime.start(adapters);
  } catch (err) {
    if (!(err instanceof AdapterStartError)) throw err;
    io.err.write(`zhiban start: ${err.message}\n`);
    return false;
  }
  for (const h of runtime.health()) io.out.write(`zhiban: ${h.detail ?? `${h.platform} ${h.state}`}.\n`);
  io.out.write('zhiban: serving. Stop with Ctrl-C.\n');
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
  await runtime.stop();
  io.out.write('zhiban: stopped.\n');
  return true;
}
