import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { ConfigError, loadConfig } from '../../config/load.js';
import { translator, type Locale } from '../../core/i18n/index.js';
import { Redactor } from '../../core/redact.js';
import { SystemClock } from '../../runtime/system-clock.js';
import { renderChecklist, say, type DoctorItem } from './checklist.js';
import { checkDingtalk, checkSlack } from './platform-check.js';
import { checkProbes } from './probe-check.js';
import { checkStore } from './store-check.js';

/** What `zhiban doctor` is run with. */
export interface DoctorOptions {
  configPath?: string;
  dataDir?: string;
  locale?: Locale;
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: Writable;
}

/**
 * `zhiban doctor`: checks the config, the store and its durability, each configured chat
 * platform's credentials and each probe target, and prints a checklist with what to fix (in
 * the config's language unless `locale` says otherwise), every known secret value removed. Resolves to 0
 * when nothing failed (warnings allowed), 1 otherwise. Never throws for a problem it finds.
 */
export async function runDoctor(opts: DoctorOptions): Promise<number> {
  let loaded;
  try {
    loaded = loadConfig({ path: opts.configPath, env: opts.env, cwd: opts.cwd });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const t = translator(opts.locale ?? 'en');
    const problems = err.problems.map((p) => `${p.path}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`).join('\n');
    const items: DoctorItem[] = [{ status: 'fail', what: say('doctor.config.fail', { problems }), fix: say('doctor.config.fix') }];
    opts.out.write(`${t('doctor.title', { source: err.file })}\n\n${renderChecklist(items, t)}`);
    return 1;
  }
  const { config, source } = loaded;
  const locale = opts.locale ?? config.locale;
  const t = translator(locale);
  const redactor = new Redactor().add(...loaded.secrets);
  const clock = new SystemClock();
  const dataDir = resolve(opts.cwd, opts.dataDir ?? opts.env.ZHIBAN_DATA_DIR ?? config.dataDir);
  const [store, slack, dingtalk, probes] = await Promise.all([
    checkStore(config, dataDir, clock),
    checkSlack(opts.env),
    checkDingtalk(opts.env),
    checkProbes(config, (s) => redactor.redact(s), clock, locale),
  ]);
  redactor.add(opts.env.SLACK_BOT_TOKEN, opts.env.SLACK_APP_TOKEN, opts.env.SLACK_SIGNING_SECRET, opts.env.DINGTALK_CLIENT_SECRET);
  const items: DoctorItem[] = [{ status: 'ok', what: say('doctor.config.ok', { users: config.users.length, contacts: config.contacts.length }) }, ...store, slack, dingtalk, ...probes];
  opts.out.write(redactor.redactKnown(`${t('doctor.title', { source })}\n\n${renderChecklist(items, t)}`));
  return items.some((i) => i.status === 'fail') ? 1 : 0;
}
