import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { fixed, median, percentile, verdict } from './harness.js';

/*
 * What the chat-platform benches (slack, dingtalk) share: a burst of commands against a server in
 * its own process, the replies collected by a fake in another, and the medians over bursts.
 */

/** What one burst against one server measured. */
export interface Burst {
  ackP50: number;
  ackP99: number;
  /** Command sent → its reply at the fake, ms (empty for a baseline that only acks). */
  reply: number[];
  /** Start of the burst → last reply (or last ack), ms. */
  totalMs: number;
  /** The server's RSS after the burst, MiB. */
  rss: number;
  /** The server's CPU time (user + system, from /proc) for the burst, its acks and replies, ms per command. */
  cpuPerCommand: number;
}

/** One server's bursts in one figure each: medians over the bursts (RSS: the largest). */
export interface BurstSummary {
  p50: number;
  p99: number;
  replyP50: number;
  replyP99: number;
  replyMax: number;
  /** Seconds. */
  total: number;
  rss: number;
  /** Server CPU ms per command: unlike latencies, it does not grow with the machine's load. */
  cpu: number;
}

/** Medians of each server's bursts (NaN reply figures for a server that only acks). */
export function summarize(results: Burst[][]): BurstSummary[] {
  const replies = (rs: Burst[], f: (xs: number[]) => number) => median(rs.map((r) => (r.reply.length ? f(r.reply) : NaN)));
  return results.map((rs) => ({
    p50: median(rs.map((r) => r.ackP50)),
    p99: median(rs.map((r) => r.ackP99)),
    replyP50: replies(rs, (xs) => percentile(xs, 50)),
    replyP99: replies(rs, (xs) => percentile(xs, 99)),
    replyMax: replies(rs, (xs) => Math.max(...xs)),
    total: median(rs.map((r) => r.totalMs)) / 1000,
    rss: Math.max(...rs.map((r) => r.rss)),
    cpu: median(rs.map((r) => r.cpuPerCommand)),
  }));
}

/** Asks the fake every 250 ms for the replies whose id starts with `tag` until `count` arrived; throws after 2 minutes. */
export async function awaitReplies(arrived: (tag: string) => Promise<Map<string, number>>, tag: string, count: number): Promise<Map<string, number>> {
  let got = new Map<string, number>();
  for (let waited = 0; waited < 120_000; waited += 250) {
    got = await arrived(tag);
    if (got.size >= count) return got;
    await delay(250);
  }
  throw new Error(`only ${got.size} of ${count} replies arrived within 2 minutes`);
}

/** Sends the child SIGTERM (`{ stop: true }` over IPC with `ipc`) and resolves once it exited. */
export function stopChild(child: ChildProcess, ipc = false): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    if (ipc) child.send({ stop: true });
    else child.kill('SIGTERM');
  });
}

/**
 * In a fake's child process: answers the IPC message `{ collect: prefix }` with the entries of
 * `arrived` (reply id → arrival time) whose id starts with `prefix`, and `{ stop: true }` by
 * closing the fake and exiting.
 */
export function serveArrivals(arrived: Map<string, number>, close: () => Promise<void>): void {
  process.on('message', (m: { collect?: string; stop?: boolean }) => {
    if (m.stop) {
      void close().then(() => process.exit(0));
      return;
    }
    const prefix = m.collect ?? '';
    process.send!({ arrived: [...arrived].filter(([id]) => id.startsWith(prefix)) });
  });
}

/**
 * The table row of one server of a chat bench: the baseline (`s === base`) with its own figures,
 * any other against it, judged on the targets (ack p99 ≤ ×1.2 the baseline, replies within
 * 2 s) plus `extraTargets`. `reply` is the reply cell as the bench words it; `count` commands per burst.
 */
export function burstRow(label: string, s: BurstSummary, base: BurstSummary, idle: number, count: number, reply: string, extraTargets = ''): string[] {
  if (s === base) return [label, fixed(s.p50), fixed(s.p99), '×1', '', '—', fixed(s.total, 1), fixed(s.cpu, 2), fixed(idle, 0), fixed(s.rss, 0), ''];
  const ratio = s.p99 / base.p99;
  return [
    label,
    fixed(s.p50),
    fixed(s.p99),
    `×${fixed(ratio, 2)} (p50 ×${fixed(s.p50 / base.p50, 2)})`,
    reply,
    fixed(count / s.total, 0),
    fixed(s.total, 1),
    `${fixed(s.cpu, 2)} (×${fixed(s.cpu / base.cpu, 1)})`,
    fixed(idle, 0),
    fixed(s.rss, 0),
    `ack p99 ≤ ×1.2: ${verdict(ratio <= 1.2)}; replies within 2 s: ${verdict(s.replyMax <= 2_000)}${extraTargets}`,
  ];
}
