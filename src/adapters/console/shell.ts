import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { translator, type Locale } from '../../core/i18n/index.js';
import type { Dispatcher } from '../../core/dispatch.js';
import { sanitizeText } from '../../core/sanitize.js';
import type { Directory } from '../../core/users.js';
import { renderText, type Style } from '../../render/text.js';

/** What the interactive console needs. */
export interface ShellOptions {
  dispatcher: Dispatcher;
  directory: Directory;
  locale: Locale;
  /** The zhiban user typed commands run as (switch with `/as <user>` when `allowSwitch`). */
  user: string;
  /** Whether `/as` may switch identity (local trials only). */
  allowSwitch: boolean;
  input: Readable;
  output: Writable;
  style: Style;
  /** Where data lives, shown in the greeting and on exit. */
  storeLabel: string;
  prompt?: string;
}

/**
 * The console adapter: reads command lines, runs each through the dispatcher as the current
 * user, prints the rendered reply. `/as <user>` switches identity, `/quit` leaves. Commands run
 * one at a time in the order typed; nothing a user types can end the shell except `/quit` or EOF.
 */
export async function runShell(opts: ShellOptions): Promise<void> {
  const t = translator(opts.locale);
  let user = opts.user;
  const say = (s: string) => opts.output.write(`${s}\n`);
  const describe = (id: string) => {
    const u = opts.directory.resolve('console', id);
    return { known: u.known, params: { user: sanitizeText(u.id), roles: u.roles.join(', ') || '—' } };
  };
  say(t('console.welcome', { ...describe(user).params, store: opts.storeLabel }));
  const rl = createInterface({ input: opts.input, output: opts.output, terminal: false, crlfDelay: Infinity });
  const prompt = opts.prompt ?? 'zhiban> ';
  const isTty = (opts.output as { isTTY?: boolean }).isTTY === true;
  if (isTty) opts.output.write(prompt);
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '/quit' || line === '/exit') break;
    if (line === '') {
      // nothing typed: just prompt again
    } else if (/^\/as(\s|$)/.test(line)) {
      const who = line.slice(3).trim();
      if (!opts.allowSwitch) say(t('console.asDisabled'));
      else if (!who) say(t('console.asUsage'));
      else {
        user = who;
        const d = describe(who);
        say(d.known ? t('console.as', d.params) : t('console.asUnknown', { ...d.params, known: opts.directory.all().map((u) => u.id).join(', ') || '—' }));
      }
    } else {
      const reply = await opts.dispatcher.dispatch({ platform: 'console', actor: { platformId: user }, channel: 'console', text: line });
      say(renderText(reply, opts.style));
    }
    if (isTty) opts.output.write(prompt);
  }
  rl.close();
  say(t('console.bye', { store: opts.storeLabel }));
}
