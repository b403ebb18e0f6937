/**
 * One zhiban replica as its own process, for the multi-replica tests: the whole app (console
 * dispatcher, approvals, timer runner) over a RedisStore, with a fake clock and the recording
 * test action. It reads JSON commands from stdin, one per line, and answers each with one JSON
 * line on stdout carrying the same `id`:
 *   {op:'run', user, text}            dispatch a command        → {ok, text}
 *   {op:'request', user, incident, what} request the test action → {ok, text: REQ id}
 *   {op:'tick', now}                  set the clock, fire due timers → {fired}
 *   {op:'claim', now, leaseMs}        lease due timers and keep them (a replica about to die) → {claimed}
 *   {op:'calls'}                      how often this process ran the action → {calls}
 * Environment: REDIS_URL, REDIS_PREFIX, REPLICA_ID.
 */
import { createInterface } from 'node:readline';
import { renderText } from '../../src/render/text.js';
import { parseConfigText } from '../../src/config/load.js';
import { FakeClock } from '../../src/core/clock.js';
import { createApp } from '../../src/runtime/app.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { TEST_CONFIG } from './harness.js';
import { RecordingActions } from './recording-actions.js';

const clock = new FakeClock('2026-11-22T02:00:00.000Z');
const actions = new RecordingActions();
const store = await RedisStore.open({ url: process.env.REDIS_URL, prefix: process.env.REDIS_PREFIX, timeoutMs: 10_000 });
const { config, secrets } = parseConfigText(TEST_CONFIG, 'test', {});
const app = await createApp({ config, secrets, clock, store, actions, logSink: () => undefined });
const owner = process.env.REPLICA_ID ?? `replica-${process.pid}`;

type Command = { id: number; op: string; user?: string; text?: string; incident?: string; what?: string; now?: number; leaseMs?: number };

async function handle(cmd: Command): Promise<Record<string, unknown>> {
  if (cmd.now !== undefined && cmd.now > clock.now()) clock.set(cmd.now);
  switch (cmd.op) {
    case 'run': {
      const reply = await app.dispatcher.dispatch({ platform: 'console', actor: { platformId: cmd.user! }, channel: 'C-test', text: cmd.text! });
      return { ok: reply.ok, text: renderText(reply) };
    }
    case 'request': {
      const incident = await app.services.incidents.get(cmd.incident!);
      const req = await app.services.approvals.request(app.services.directory.get(cmd.user!)!, incident, 'poke', { what: cmd.what });
      return { ok: true, text: req.id };
    }
    case 'tick':
      return { fired: await app.timers.tick() };
    case 'claim':
      return { claimed: (await store.claimDueTimers(clock.now(), owner, cmd.leaseMs!)).map((t) => t.id) };
    case 'calls':
      return { calls: actions.calls.length };
    default:
      throw new Error(`unknown op ${cmd.op}`);
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as Command;
  handle(cmd).then(
    (result) => process.stdout.write(`${JSON.stringify({ id: cmd.id, ...result })}\n`),
    (err: unknown) => process.stdout.write(`${JSON.stringify({ id: cmd.id, error: (err as Error).message })}\n`),
  );
}
await app.close();
