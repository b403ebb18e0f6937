import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpuMs, rssMiB, ZHIBAN_BIN } from './child.js';
import { awaitReplies, burstRow, stopChild, summarize, type Burst } from './burst.js';
import { fixed, interleave, LONG, percentile, progress, table, type Report } from './harness.js';
import { BENCH_STAFF, BENCH_YAML, fileStoreOfSize } from './seed.js';

const ID = 'dingtalk';
const FRAMES = 2_000;
const CONCURRENCY = 50;
const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'src');
const CLIENT = { DINGTALK_CLIENT_ID: 'dingbench', DINGTALK_CLIENT_SECRET: 'dt-bench-secret-Zx81kQ0pL2' };

/**
 * The baseline: zhiban's own stream client (`ZhibanStreamClient`, the DWClient subclass the
 * adapter uses, from dist/) connected to the fake gateway, with one listener on robot messages
 * that acks each frame at once and does nothing else.
 */
function bareClientScript(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'zhiban-bench-dt-')), 'bare-stream.mjs');
  writeFileSync(
    file,
    `import { ZhibanStreamClient, SUBSCRIPTIONS } from ${JSON.stringify(pathToFileURL(join(dist, 'adapters', 'dingtalk', 'stream-client.js')).href)};
const env = process.env;
const client = new ZhibanStreamClient({ clientId: env.DINGTALK_CLIENT_ID, clientSecret: env.DINGTALK_CLIENT_SECRET }, env.DINGTALK_API_BASE + '/v1.0/gateway/connections/open', { opened() {}, frameFailed(err) { process.stderr.write(String(err) + '\\n'); }, disconnectAnnounced() {} });
client.on(SUBSCRIPTIONS[0].topic, (frame) => client.socketCallBackResponse(frame.headers.messageId, {}));
await client.getEndpoint();
await client._connect();
process.stdout.write('zhiban: serving (bare stream client).\\n');
setInterval(() => undefined, 1 << 30);
`,
  );
  return file;
}

/** The fakes' processes (bench/fake-dingtalk-child.ts) and how to talk to them over IPC. */
interface Fakes {
  apiBases: string[];
  webhookBase: string;
  ready(i: number): Promise<void>;
  burst(i: number, tag: string): Promise<{ acks: number[]; sentAt: Array<[string, number]>; ms: number }>;
  arrived(prefix: string): Promise<Map<string, number>>;
  close(): Promise<void>;
}

function child(args: string[], banner: RegExp): Promise<{ child: ChildProcess; words: string[] }> {
  const c = spawn(process.execPath, ['--import', 'tsx', join(here, 'fake-dingtalk-child.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let out = '';
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = banner.exec(out);
      if (m) resolve({ child: c, words: m[1]!.split(' ') });
    });
    c.once('exit', (code) => reject(new Error(`fake DingTalk exited (${code})`)));
  });
}

/** Asks `c` over IPC and resolves with its answer (the children answer one question at a time). */
function ask<T>(c: ChildProcess, m: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    c.once('message', (a: T & { error?: string }) => (a.error ? reject(new Error(a.error)) : resolve(a)));
    c.send(m as object);
  });
}

async function startFakes(n: number): Promise<Fakes> {
  const gw = await child(['gateways', String(n)], /FAKES ([^\n]+)\n/);
  const wh = await child(['webhooks'], /FAKE (\S+)/);
  return {
    apiBases: gw.words,
    webhookBase: wh.words[0]!,
    ready: async (i) => void (await ask(gw.child, { ready: i })),
    burst: (i, tag) => ask(gw.child, { burst: { fake: i, tag, frames: FRAMES, concurrency: CONCURRENCY, staffId: BENCH_STAFF.alice, webhookBase: wh.words[0]! } }),
    arrived: async (prefix) => new Map((await ask<{ arrived: Array<[string, number]> }>(wh.child, { collect: prefix })).arrived),
    close: async () => {
      await stopChild(gw.child, true);
      await stopChild(wh.child, true);
    },
  };
}

/** A server under test, in its own process, connected to fake gateway `fake`. */
interface Server {
  child: ChildProcess;
  fake: number;
  idleRss: number;
  stop(): Promise<void>;
}

/** Starts `node <args>`, waits for its "serving" line and for its stream connection at the fake; `idleRss` is read after it has been idle a second. */
async function startServer(fakes: Fakes, fake: number, args: string[], env: NodeJS.ProcessEnv): Promise<Server> {
  const c = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  c.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/zhiban: serving/.test(out)) resolve();
    });
    c.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}${err}`)));
  });
  await fakes.ready(fake);
  await delay(1_000);
  return {
    child: c,
    fake,
    idleRss: rssMiB(c.pid!),
    stop: () => stopChild(c),
  };
}

let burstNo = 0;

/** FRAMES robot messages at CONCURRENCY; waits (up to 2 minutes) for every reply when `replies`. */
async function burst(fakes: Fakes, server: Server, replies: boolean): Promise<Burst> {
  const tag = `d${++burstNo}x`;
  const started = Date.now();
  const cpuBefore = cpuMs(server.child.pid!);
  const b = await fakes.burst(server.fake, tag);
  const arrived = replies ? await awaitReplies((t) => fakes.arrived(t), tag, FRAMES) : new Map<string, number>();
  const sentAt = new Map(b.sentAt);
  const end = replies ? Math.max(...arrived.values()) : started + b.ms;
  const reply = [...arrived].map(([id, at]) => at - sentAt.get(id)!);
  return { ackP50: percentile(b.acks, 50), ackP99: percentile(b.acks, 99), reply, totalMs: end - started, rss: rssMiB(server.child.pid!), cpuPerCommand: (cpuMs(server.child.pid!) - cpuBefore) / FRAMES };
}

/** DingTalk robot-message bursts through the fake stream gateway: zhiban (`zhiban start`, DingTalk only) against zhiban's bare stream client, each in its own process. */
export const report: Report = {
  id: ID,
  title: 'DingTalk: callback acks through the stream, replies and idle RSS',
  async run() {
    const labels = ['bare stream client (acks only)', 'zhiban, 0 incidents', 'zhiban, 100 incidents'];
    const fakes = await startFakes(labels.length);
    const env = (fake: number) => ({ ...CLIENT, DINGTALK_API_BASE: fakes.apiBases[fake]!, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '' });
    const zhiban = async (fake: number, dataDir: string): Promise<Server> => {
      const cfg = join(mkdtempSync(join(tmpdir(), 'zhiban-bench-dt-')), 'zhiban.yml');
      writeFileSync(cfg, `${BENCH_YAML}dataDir: ${dataDir}\n`);
      // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": where zhiban's time goes under the burst
      const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
      return startServer(fakes, fake, [...nodeArgs, ZHIBAN_BIN, 'start'], { ...env(fake), ZHIBAN_CONFIG: cfg });
    };
    const servers: Server[] = [];
    try {
      servers.push(await startServer(fakes, 0, [bareClientScript()], env(0)));
      servers.push(await zhiban(1, mkdtempSync(join(tmpdir(), 'zhiban-bench-dt-data-'))));
      servers.push(await zhiban(2, (await fileStoreOfSize(100)).dir));
      const idle = servers.map((s) => s.idleRss);
      const rounds = LONG ? 5 : 2;
      const results = await interleave(rounds, servers.map((s, i) => () => burst(fakes, s, i > 0)));
      const sums = summarize(results);
      const base = sums[0]!;
      const rows = sums.map(({ p50, p99, replyP50, replyP99, replyMax, total, rss, cpu }, i) => {
        progress(ID, `${labels[i]}: ack p50 ${fixed(p50)} p99 ${fixed(p99)} ms; replies p50 ${fixed(replyP50, 0)} p99 ${fixed(replyP99, 0)} ms, max ${fixed(replyMax, 0)} ms; burst ${fixed(total, 1)} s; CPU ${fixed(cpu, 2)} ms/command; RSS idle ${fixed(idle[i]!, 0)} → ${fixed(rss, 0)} MiB`);
        return burstRow(labels[i]!, sums[i]!, base, idle[i]!, FRAMES, `${fixed(replyP50, 0)} / ${fixed(replyP99, 0)} (max ${fixed(replyMax, 0)})`);
      });
      return [
        `${FRAMES.toLocaleString('en')} robot \`/incident list\` messages (stream CALLBACK frames) at concurrency ${CONCURRENCY} per burst (the next frame is sent when an ack comes back), median of ${rounds} interleaved bursts per server, node ${process.version}.`,
        'Each server runs in its own process, connected to its own fake stream gateway (test/protocol/fake-dingtalk.ts): zhiban as `zhiban start` with only DingTalk configured',
        '(file store, markdown replies: no card template), and the baseline, zhiban\'s own stream client (`ZhibanStreamClient` from dist/, the SDK\'s DWClient as the adapter uses it)',
        'whose only listener acks each frame at once. The gateways send the frames and time the acks in one process (bench/fake-dingtalk-child.ts); the session webhooks are',
        'a fake in another, so receiving replies does not slow the timing of acks. Each frame comes from its own group conversation with its own session webhook, so a reply',
        '(the POST to the frame\'s session webhook) names the frame it answers. Idle RSS is read from /proc one second after the stream connected; "after" is the largest after a burst.',
        'Server CPU is the user + system time the server process spent on the burst (acks and replies; /proc, 10 ms ticks) per command: unlike the latencies it does not grow with the load of the machine.',
        '',
        table(['server', 'ack p50 ms', 'ack p99 ms', 'ack × bare', 'reply p50 / p99 ms', 'replies/s', 'burst s', 'server CPU ms/command', 'idle RSS MiB', 'RSS after MiB', 'targets'], rows),
      ].join('\n');
    } finally {
      for (const s of servers) await s.stop();
      await fakes.close();
    }
  },
};
