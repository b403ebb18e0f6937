import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import { createServer as createTcp, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderText } from '../src/render/text.js';
import type { App } from '../src/runtime/app.js';
import { runNode, ZHIBAN_BIN } from './child.js';
import { fixed, interleave, LONG, median, progress, table, verdict, type Report } from './harness.js';
import { appOver, BENCH_YAML, fileStoreOfSize, run, startRedis } from './seed.js';

const ID = 'check';
const TIMEOUT_MS = 2_000;
/** The slowest target answers after this long. */
const SLOW_MS = 300;

/** An HTTP server answering `/fast` at once and `/slow` after SLOW_MS. */
async function webTargets(): Promise<{ url: string; server: HttpServer }> {
  const server = createHttp((req, res) => {
    const answer = () => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    if (req.url === '/slow') setTimeout(answer, SLOW_MS);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

/** A TCP server that accepts connections and never answers (a hung Redis). */
async function hungTarget(): Promise<{ port: number; server: TcpServer; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createTcp((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server, sockets };
}

/**
 * The `probes:` section: two URLs (one answering after SLOW_MS), Redis at `redisUrl`, MySQL on a
 * port nothing listens on (refused at once: no MySQL is assumed on the machine), Docker at a
 * socket that does not exist, the data folder's disk.
 */
function probesYaml(web: string, redisUrl: string, dataDir: string): string {
  return `probes:
  timeoutMs: ${TIMEOUT_MS}
  mysql: { dsn: 'mysql://root@127.0.0.1:9/none' }
  redis: { url: '${redisUrl}' }
  docker: { socketPath: '${join(dataDir, 'no-docker.sock')}' }
  http:
    targets:
      - { name: fast, url: '${web}/fast' }
      - { name: slow, url: '${web}/slow' }
  host: { disks: ['${dataDir}'] }
`;
}

/** `/check all` with every target answering and with one hung, at 0 and 10,000 stored incidents. */
export const report: Report = {
  id: ID,
  title: '`/check all`: every target answering, and one target hung',
  async run() {
    const web = await webTargets();
    const hung = await hungTarget();
    const redis = await startRedis();
    // without a redis-server of our own, Redis is a port nothing listens on (refused at once, like MySQL)
    const healthyRedis = redis?.url ?? 'redis://127.0.0.1:9';
    const sizes = [0, 10_000];
    const rows: string[][] = [];
    const apps: Array<{ size: number; healthy: App; hung: App; dir: string }> = [];
    let sample = '';
    try {
      for (const size of sizes) {
        // with incidents, the newest is open in the bench channel: each check is recorded on it as evidence
        const { store, dir } = await fileStoreOfSize(size);
        apps.push({ size, dir, healthy: await appOver(store, probesYaml(web.url, healthyRedis, dir)), hung: await appOver(store, probesYaml(web.url, `redis://127.0.0.1:${hung.port}`, dir)) });
      }
      const timed = (app: App) => async () => {
        const t = performance.now();
        const reply = await run(app, '/check all');
        sample ||= renderText(reply);
        return performance.now() - t;
      };
      const slowest = async () => {
        const t = performance.now();
        await run(apps[0]!.healthy, '/check http slow');
        return performance.now() - t;
      };
      for (const a of apps) await timed(a.healthy)();
      const rounds = LONG ? 9 : 5;
      const healthy = await interleave(rounds, [slowest, ...apps.map((a) => timed(a.healthy))]);
      const base = median(healthy[0]!);
      apps.forEach((a, i) => {
        const ms = median(healthy[i + 1]!);
        progress(ID, `healthy, ${a.size} incidents: ${fixed(ms, 0)} ms (/check http slow alone ${fixed(base, 0)} ms)`);
        rows.push([`every target answers, ${a.size.toLocaleString('en')} incidents`, fixed(ms, 0), `\`/check http slow\` alone: ${fixed(base, 0)}`, `+${fixed(ms - base, 0)} ms`, `≤ slowest + 50 ms: ${verdict(ms <= base + 50)}`]);
      });
      const hungRuns = await interleave(LONG ? 5 : 3, apps.map((a) => timed(a.hung)));
      apps.forEach((a, i) => {
        const ms = median(hungRuns[i]!);
        progress(ID, `Redis hung, ${a.size} incidents: ${fixed(ms, 0)} ms (timeout ${TIMEOUT_MS} ms)`);
        rows.push([`Redis hung, ${a.size.toLocaleString('en')} incidents`, fixed(ms, 0), `probe timeout: ${TIMEOUT_MS}`, `×${fixed(ms / TIMEOUT_MS, 3)}`, `≤ ×1.1: ${verdict(ms <= TIMEOUT_MS * 1.1)}`]);
      });
      // a one-shot process must exit as soon as it printed, not when the hung client gives up
      const dir = apps[0]!.dir;
      const cfg = join(mkdtempSync(join(tmpdir(), 'zhiban-bench-check-')), 'zhiban.yml');
      writeFileSync(cfg, `${BENCH_YAML}platforms:\n  console: { user: alice }\ndataDir: ${dir}\n${probesYaml(web.url, `redis://127.0.0.1:${hung.port}`, dir)}`);
      const env = { ZHIBAN_CONFIG: cfg };
      const execHung = (await interleave(LONG ? 5 : 3, [() => runNode([ZHIBAN_BIN, 'exec', '/check redis'], { env })]))[0]!;
      const answered = median(execHung.map((r) => r.firstOutMs));
      const afterPrint = median(execHung.map((r) => r.ms - r.firstOutMs));
      progress(ID, `exec "/check redis" (hung): printed after ${fixed(answered, 0)} ms, exited ${fixed(afterPrint, 0)} ms later`);
      rows.push([
        '`zhiban exec "/check redis"`, Redis hung: from printing the reply to exit',
        fixed(afterPrint, 0),
        `reply printed after ${fixed(answered, 0)} (timeout ${TIMEOUT_MS} + start-up)`,
        `×${fixed(afterPrint / TIMEOUT_MS, 3)} of the timeout`,
        `exits at once (≤ ×0.1 of the timeout): ${verdict(afterPrint <= TIMEOUT_MS * 0.1)}`,
      ]);
    } finally {
      for (const a of apps) await a.healthy.store.close();
      web.server.close();
      for (const s of hung.sockets) s.destroy();
      hung.server.close();
      await redis?.stop();
    }
    return [
      `\`/check all\` dispatched in-process on a file store (system clock), median of ${LONG ? 9 : 5} interleaved rounds (hung: ${LONG ? 5 : 3}); probe timeout ${TIMEOUT_MS} ms.`,
      `Targets: two URLs on a local HTTP server (one answers after ${SLOW_MS} ms), Redis (a redis-server started for the run; hung: a TCP server that accepts and never answers),`,
      'MySQL on a port nothing listens on and Docker at a missing socket (both refused at once), the data folder\'s disk.',
      'With incidents stored, the newest is open in the channel, so every check is also recorded on its timeline (a durable append); with none, nothing is recorded.',
      'Baseline for "every target answers": the slowest probe alone (`/check http slow`, the URL that answers last), in the same rounds.',
      '',
      table(['case', 'ms', 'baseline ms', 'over baseline', 'target'], rows),
      '',
      '<details><summary>The reply being timed (every target answers, last sample)</summary>',
      '',
      '```',
      sample.split('\n').slice(0, 30).join('\n'),
      '```',
      '',
      '</details>',
    ].join('\n');
  },
};
