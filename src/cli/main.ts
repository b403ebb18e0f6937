import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ANSI, PLAIN, renderText } from '../render/text.js';
import { runShell } from '../adapters/console/shell.js';
import { ConfigError, loadConfig } from '../config/load.js';
import { LOCALES, type Locale } from '../core/i18n/index.js';
import { escapeJsonOutput } from '../core/sanitize.js';
import { createApp, type App } from '../runtime/app.js';
import { captureConsole } from '../runtime/console-capture.js';
import { NO_METRICS } from '../service/metrics-port.js';
import { startTimerLoop } from '../runtime/timer-loop.js';
import { holdStartUpMemory } from '../runtime/startup-memory.js';
import { StoreStartError } from '../store/redis/start-error.js';
import { checkFolderMode, consoleUser, currentAccount } from './console-identity.js';

const USAGE = `zhiban — ChatOps incident bot / 值班机器人

Usage:
  zhiban shell  [--as <user>] [options]           interactive console (the local bot)
  zhiban exec   [--as <user>] [options] "<command>"  run one command, print the reply, exit 1 if it failed
  zhiban config check [--config <file>]            validate a config file and exit
  zhiban start  [--config <file>] [--data <dir>]   run the chat bot (Slack: SLACK_BOT_TOKEN, SLACK_APP_TOKEN or
                                                   SLACK_SIGNING_SECRET, PORT, SLACK_API_URL; see README "Slack")
  zhiban store stats|copy …                        the store's sizes; copy between stores (see zhiban store --help)
  zhiban doctor [--config <file>] [--data <dir>]   check config, store, platform credentials and probe targets;
                                                   prints what to fix, exit 1 if anything failed

Options:
  --as <user>        act as this zhiban user (trial configs only; default: platforms.console.users[OS account],
                     else platforms.console.user, else the OS user name)
  --config <file>    config file (default: $ZHIBAN_CONFIG, else ./zhiban.yml, else embedded defaults)
  --data <dir>       data folder (default: dataDir from config, ./data)
  --locale <zh-CN|en> language of the replies
  --json             exec: print the reply as JSON
  -h, --help         this help

用法：
  zhiban shell  [--as <用户>] [选项]              交互式控制台（本地机器人）
  zhiban exec   [--as <用户>] [选项] "<命令>"      执行一条命令并打印回复；命令失败时退出码为 1
  zhiban config check [--config <文件>]           校验配置文件后退出
  zhiban start  [--config <文件>] [--data <目录>]  运行聊天机器人（Slack 环境变量见 README“Slack”）
  zhiban doctor [--config <文件>]                 自检配置、存储、平台凭据与探针目标，列出需修正之处；有失败项时退出码为 1
选项：--as 以该用户身份（仅试用配置）· --config 配置文件 · --data 数据目录 · --locale zh-CN|en 回复语言 · --json 以 JSON 输出
`;

/** Why `--as` is refused with a real config: acting as someone else would defeat the two-person rule. */
const AS_DISABLED = {
  en: '--as is off with this config: acting as another user would let one person approve their own request. The console runs as platforms.console.user (or your OS user); set platforms.console.impersonate: true only on a trial setup.',
  'zh-CN': '此配置下不能使用 --as：冒充他人会让一个人批准自己的请求。控制台以 platforms.console.user（或操作系统用户）身份运行；仅在试用环境中设置 platforms.console.impersonate: true。',
};

/** Why a trial config is refused on a folder created without impersonation. */
const FOLDER_REFUSED = {
  en: (dir: string, marker: string) =>
    `The data folder ${dir} was created without impersonation (${marker}), so a config with platforms.console.impersonate: true may not use it: on it one person could approve their own request. Use another --data folder for trials.`,
  'zh-CN': (dir: string, marker: string) => `数据目录 ${dir} 创建时未允许冒充（${marker}），因此不能使用 platforms.console.impersonate: true 的配置：否则一个人可以批准自己的请求。试用请使用另一个 --data 目录。`,
};

/** How many rounds of due timers `exec` runs after its command (paging queues, then sends). */
const EXEC_TIMER_ROUNDS = 10;

/** How often a running bot looks for due timers. */
const TIMER_EVERY_MS = 5_000;

/** Exit codes: 0 done, 1 the command was refused or failed, 2 zhiban could not start (usage, config). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        as: { type: 'string' },
        config: { type: 'string' },
        data: { type: 'string' },
        locale: { type: 'string' },
        json: { type: 'boolean' },
        from: { type: 'string' },
        to: { type: 'string' },
        prefix: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [mode, ...rest] = positionals;
  // a server's start-up is done once: V8 must not size itself for it (released once serving)
  const startedUp = mode === 'start' ? holdStartUpMemory() : undefined;
  if (mode === 'store' && values.help) {
    process.stdout.write((await import('./store-cli.js')).STORE_USAGE);
    return EXIT.ok;
  }
  if (values.help || !mode || !['shell', 'exec', 'config', 'start', 'store', 'doctor'].includes(mode)) {
    (values.help ? process.stdout : process.stderr).write(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (values.locale && !(LOCALES as readonly string[]).includes(values.locale)) {
    process.stderr.write(`--locale must be one of ${LOCALES.join(', ')} (got "${values.locale}")\n--locale 只能是 ${LOCALES.join('、')}（收到“${values.locale}”）\n`);
    return EXIT.usage;
  }
  if (mode === 'doctor') {
    const { runDoctor } = await import('../service/doctor/run.js');
    return runDoctor({ configPath: values.config, dataDir: values.data, locale: values.locale as Locale | undefined, env, cwd: process.cwd(), out: process.stdout });
  }
  let loaded;
  try {
    loaded = loadConfig({ path: values.config, env, cwd: process.cwd() });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (mode === 'config') {
    process.stdout.write(`${loaded.source}: OK (${loaded.config.users.length} users, ${loaded.config.contacts.length} contacts)\n`);
    return EXIT.ok;
  }
  const config = loaded.config;
  const locale = (values.locale as Locale | undefined) ?? config.platforms.console?.locale ?? config.locale;
  const dataDir = resolve(values.data ?? env.ZHIBAN_DATA_DIR ?? config.dataDir);
  if (mode === 'store') return (await import('./store-cli.js')).runStoreCli(rest, values, config, dataDir, { out: process.stdout, err: process.stderr });
  const impersonate = config.platforms.console?.impersonate === true;
  if (values.as !== undefined && !impersonate) {
    process.stderr.write(`${AS_DISABLED.en}\n${AS_DISABLED['zh-CN']}\n`);
    return EXIT.usage;
  }
  const consoleSettings = { ...config.platforms.console, impersonate, locale };
  let app;
  try {
    const refused = await checkFolderMode(dataDir, impersonate, Date.now());
    if (refused) {
      process.stderr.write(`${FOLDER_REFUSED.en(dataDir, refused.marker)}\n${FOLDER_REFUSED['zh-CN'](dataDir, refused.marker)}\n`);
      return EXIT.usage;
    }
    app = await createApp({ config: { ...config, platforms: { ...config.platforms, console: consoleSettings } }, secrets: loaded.secrets, dataDir, replicaId: env.ZHIBAN_REPLICA_ID, promptTimers: mode !== 'exec', asyncLog: mode === 'start', ...(mode === 'start' ? {} : { metrics: NO_METRICS }) });
  } catch (err) {
    if (err instanceof StoreStartError) {
      process.stderr.write(`${err.message}\nzhiban could not start: check that Redis is running and store.url in the config.\nzhiban 无法启动：无法连接存储，请检查 Redis 是否运行以及配置中的 store.url。\n`);
      return EXIT.usage;
    }
    process.stderr.write(`${dataFolderProblem(dataDir, err)}\n`);
    return EXIT.usage;
  }
  const releaseConsole = captureConsole(app.logger);
  const user = values.as ?? consoleUser(config.platforms.console, currentAccount());
  // Timers that came due while no zhiban ran (request expiry, escalations) fire first; a long-running mode keeps firing them.
  const timerLoop = mode === 'exec' ? (await tickOnce(app), undefined) : startTimerLoop(app.timers, TIMER_EVERY_MS, app.logger);
  try {
    if (mode === 'start') {
      const graceMs = env.ZHIBAN_SHUTDOWN_GRACE_SECONDS?.trim() ? Number(env.ZHIBAN_SHUTDOWN_GRACE_SECONDS) * 1000 : NaN;
      const serveOpts = { ...(timerLoop ? { timerLoop } : {}), ...(graceMs >= 0 ? { graceMs } : {}), ...(startedUp ? { serving: startedUp } : {}) };
      return (await (await import('../runtime/serve.js')).serveFromEnv(app, env, { out: process.stdout, err: process.stderr, signals: process }, serveOpts)) ? EXIT.ok : EXIT.usage;
    }
    if (mode === 'shell') {
      await runShell({
        dispatcher: app.dispatcher,
        directory: app.services.directory,
        allowSwitch: impersonate,
        locale,
        user,
        input: process.stdin,
        output: process.stdout,
        style: process.stdout.isTTY ? ANSI : PLAIN,
        storeLabel: dataDir,
      });
      return EXIT.ok;
    }
    const text = rest.join(' ').trim();
    if (!text) {
      process.stderr.write(`exec needs a command, e.g. zhiban exec "/incident list"\nexec 需要一条命令，例如 zhiban exec "/incident list"\n`);
      return EXIT.usage;
    }
    const reply = await app.dispatcher.dispatch({ platform: 'console', actor: { platformId: user }, channel: 'exec', text });
    // Pages the command made due (a P0 declared from a script) go out before exit.
    for (let round = 0; round < EXEC_TIMER_ROUNDS && (await tickOnce(app, false)) > 0; round++);
    process.stdout.write(values.json ? `${escapeJsonOutput(JSON.stringify(reply, null, 2))}\n` : `${renderText(reply, process.stdout.isTTY ? ANSI : PLAIN)}\n`);
    return reply.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await timerLoop?.stop();
    await app.close();
    releaseConsole();
  }
}

/** Fires due timers once and resolves to how many fired; a store that cannot run them (full, read-only, damaged) is logged (and, with `tell`, reported in one line), resolves 0, and the command still runs. */
async function tickOnce(app: App, tell = true): Promise<number> {
  try {
    return await app.timers.tick();
  } catch (err) {
    const e = err as Error & { code?: unknown };
    app.logger.error('due timers could not be run', { error: e?.message, code: e?.code });
    if (tell) process.stderr.write(`zhiban: due timers (request expiry, escalations) could not be run: ${e?.message ?? String(err)}\nzhiban：到期的定时任务（请求过期、升级）未能执行。\n`);
    return 0;
  }
}

/** A plain two-language line saying why the data folder could not be opened (never a stack trace). */
function dataFolderProblem(dir: string, err: unknown): string {
  const e = err as Error & { code?: unknown };
  const why = typeof e?.code === 'string' ? e.code : (e?.message ?? String(err));
  return `zhiban could not open its data folder ${dir} (${why}). Check that it is a writable folder with free space, or choose another with --data.\nzhiban 无法打开数据目录 ${dir}（${why}）。请确认它是可写且有剩余空间的目录，或用 --data 指定其他目录。`;
}
