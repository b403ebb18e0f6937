import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commandBody, post, SIGNING_SECRET } from '../test/protocol/slack-requests.js';
import { cpuMs, rssMiB, ZHIBAN_BIN } from './child.js';
import { awaitReplies, burstRow, stopChild, summarize, type Burst } from './burst.js';
import { fixed, interleave, LONG, percentile, progress, table, verdict, type Report } from './harness.js';
import { BENCH_YAML, fileStoreOfSize } from './seed.js';

const ID = 'slack';
const COMMANDS = 2_000;
const CONCURRENCY = 50;
const BOT_TOKEN = 'xoxb-1111-2222-benchbottoken';
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src');

/**
 * The baseline: a bare Bolt app behind zhiban's own HTTP receiver (same signature check, same
 * ack deadline), with one listener that acks every slash command and does nothing else.
 */
function bareBoltScript(): string {
  const require = createRequire(import.meta.url);
  const file = join(mkdtempSync(join(tmpdir(), 'zhiban-bench-bolt-')), 'bare-bolt.mjs');
  writeFileSync(
    file,
    `import bolt from ${JSON.stringify(pathToFileURL(require.resolve('@slack/bolt')).href)};
import { SlackHttpReceiver } from ${JSON.stringify(pathToFileURL(join(dist, 'adapters', 'slack', 'http-receiver.js')).href)};
import { Inflight } from ${JSON.stringify(pathToFileURL(join(dist, 'runtime', 'inflight.js')).href)};
const logger = { debug() {}, info() {}, warn() {}, error() {}, child() { return logger; } };
const receiver = new SlackHttpReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET, port: 0, host: '127.0.0.1', logger, inflight: new Inflight() });
const app = new bolt.App({ token: process.env.SLACK_BOT_TOKEN, botId: 'BBOT', botUserId: 'UBOT', receiver, clientOptions: { slackApiUrl: process.env.SLACK_API_URL } });
app.command(/^\\/[\\w-]+$/, async ({ ack }) => { await ack(); });
const port = await app.start();
process.stdout.write('zhiban: bare bolt (HTTP mode on port ' + port + ')\\n');
`,
  );
  return file;
}

/** A server under test, running in its own process. */
interface Server {
  child: ChildProcess;
  url: string;
  idleRss: number;
  stop(): Promise<void>;
}

/** Starts `node <args>` and waits for its "HTTP mode on port N" line; `idleRss` is read after it has been idle a second. */
async function startServer(args: string[], env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /HTTP mode on port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}${err}`)));
  });
  await delay(1_000);
  return {
    child,
    url: `http://127.0.0.1:${port}/slack/events`,
    idleRss: rssMiB(child.pid!),
    stop: () => stopChild(child),
  };
}

let burstNo = 0;

/** The fake Slack, in its own process (bench/fake-slack-child.ts). */
interface Fake {
  base: string;
  apiUrl: string;
  responseUrl(id: string): string;
  /** Arrival times (Date.now()) of the replies whose response_url id starts with `prefix`. */
  arrived(prefix: string): Promise<Map<string, number>>;
  close(): Promise<void>;
}

async function startFake(): Promise<Fake> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'fake-slack-child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /FAKE (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`fake Slack exited (${code})`)));
  });
  return {
    base,
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/respond/${id}`,
    arrived: (prefix) =>
      new Promise((resolve) => {
        child.once('message', (m: { arrived: Array<[string, number]> }) => resolve(new Map(m.arrived)));
        child.send({ collect: prefix });
      }),
    close: () => stopChild(child, true),
  };
}

/** COMMANDS signed `/incident list` commands at CONCURRENCY; waits (up to 2 minutes) for every reply when `replies`. */
async function burst(fake: Fake, server: Server, replies: boolean): Promise<Burst> {
  const tag = `b${++burstNo}-`;
  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  const started = Date.now();
  const cpuBefore = cpuMs(server.child.pid!);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < COMMANDS) {
        const id = `${tag}${next++}`;
        const body = commandBody('U0ALICE', '/incident list', fake.responseUrl(id));
        const t = performance.now();
        sentAt.set(id, Date.now());
        const answer = await post(server.url, body);
        if (answer.status !== 200) throw new Error(`ack ${answer.status}: ${answer.text}`);
        acks.push(performance.now() - t);
      }
    }),
  );
  const arrived = replies ? await awaitReplies((t) => fake.arrived(t), tag, COMMANDS) : new Map<string, number>();
  const end = replies ? Math.max(...arrived.values()) : Date.now();
  const reply = [...arrived].map(([id, at]) => at - sentAt.get(id)!);
  return { ackP50: percentile(acks, 50), ackP99: percentile(acks, 99), reply, totalMs: end - started, rss: rssMiB(server.child.pid!), cpuPerCommand: (cpuMs(server.child.pid!) - cpuBefore) / COMMANDS };
}

/** Slack slash-command bursts: zhiban (`zhiban start`, HTTP mode) against a bare Bolt app, both in their own processes. */
export const report: Report = {
  id: ID,
  title: 'Slack: ack burst, replies and idle RSS (HTTP mode)',
  async run() {
    const fake = await startFake();
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', SLACK_APP_TOKEN: '' };
    const zhiban = async (dataDir: string): Promise<Server> => {
      const cfg = join(mkdtempSync(join(tmpdir(), 'zhiban-bench-slack-')), 'zhiban.yml');
      writeFileSync(cfg, `${BENCH_YAML}dataDir: ${dataDir}\n`);
      // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": where zhiban's time goes under the burst
      const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
      return startServer([...nodeArgs, ZHIBAN_BIN, 'start'], { ...env, ZHIBAN_CONFIG: cfg });
    };
    const servers: Server[] = [];
    const labels = ['bare Bolt app (acks only)', 'zhiban, 0 incidents', 'zhiban, 100 incidents'];
    try {
      servers.push(await startServer([bareBoltScript()], env));
      servers.push(await zhiban(mkdtempSync(join(tmpdir(), 'zhiban-bench-slack-data-'))));
      servers.push(await zhiban((await fileStoreOfSize(100)).dir));
      const idle = servers.map((s) => s.idleRss);
      const rounds = LONG ? 5 : 2;
      const results = await interleave(rounds, servers.map((s, i) => () => burst(fake, s, i > 0)));
      const sums = summarize(results);
      const base = sums[0]!;
      const rows = sums.map(({ p50, p99, replyP99, replyMax, total, rss, cpu }, i) => {
        progress(ID, `${labels[i]}: ack p50 ${fixed(p50)} p99 ${fixed(p99)} ms; replies p99 ${fixed(replyP99, 0)} ms, max ${fixed(replyMax, 0)} ms; burst ${fixed(total, 1)} s; CPU ${fixed(cpu, 2)} ms/command; RSS idle ${fixed(idle[i]!, 0)} → ${fixed(rss, 0)} MiB`);
        return burstRow(labels[i]!, sums[i]!, base, idle[i]!, COMMANDS, `${fixed(replyP99, 0)} (max ${fixed(replyMax, 0)})`, `; idle < 100 MiB: ${verdict(idle[i]! < 100)}`);
      });
      return [
        `${COMMANDS.toLocaleString('en')} signed \`/incident list\` slash commands at concurrency ${CONCURRENCY} per burst, median of ${rounds} interleaved bursts per server, node ${process.version}.`,
        'Each server runs in its own process: zhiban as `zhiban start` (HTTP mode, file store) and the baseline, a bare Bolt app behind the same receiver',
        '(zhiban\'s `SlackHttpReceiver`, same signature check) whose only listener acks. The load (signed with test/protocol/slack-requests.ts) runs in the bench process,',
        'the fake Slack (test/protocol/fake-slack.ts) in a third process, so receiving replies does not slow the timing of acks;',
        'a reply is the POST to the command\'s response_url. Idle RSS is read from /proc one second after start; peak is the largest after a burst.',
        'Server CPU is the user + system time the server process spent on the burst (acks and replies; /proc, 10 ms ticks) per command: unlike the latencies it does not grow with the load of the machine.',
        '',
        table(['server', 'ack p50 ms', 'ack p99 ms', 'ack × bare', 'reply p99 ms', 'commands/s', 'burst s', 'server CPU ms/command', 'idle RSS MiB', 'RSS after MiB', 'targets'], rows),
      ].join('\n');
    } finally {
      for (const s of servers) await s.stop();
      await fake.close();
    }
  },
};
