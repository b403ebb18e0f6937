import { renderText } from '../../src/render/text.js';
import { parseConfigText } from '../../src/config/load.js';
import type { ActionsPort } from '../../src/core/approvals/port.js';
import type { RunnerAlive } from '../../src/core/approvals/reconcile.js';
import { FakeClock } from '../../src/core/clock.js';
import type { Reply, Verdict } from '../../src/core/reply.js';
import { createApp, type App } from '../../src/runtime/app.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/port.js';

/** The default test config: Shanghai time, alice/bob responders+approvers, carol viewer, dan admin. */
export const TEST_CONFIG = `
locale: en
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder, approver], slack: U0ALICE }
  - { id: bob, name: Bob, roles: [responder, approver] }
  - { id: carol, name: Carol, roles: [viewer] }
  - { id: dan, name: Dan, roles: [admin] }
  - { id: erin, name: Erin, roles: [responder] }
`;

/** A reply with its plain-text rendering, as a console user would see it. */
export interface Seen {
  reply: Reply;
  text: string;
}

/** An in-memory zhiban driven like a console user would, with a fake clock. */
export interface Harness {
  app: App;
  clock: FakeClock;
  store: Store;
  logs: string[];
  /** Runs `text` as `user` on the console platform. */
  run(user: string, text: string): Promise<Seen>;
}

/** Builds a harness; `yaml` replaces the test config, `store` lets a test share a store between two bots. */
export async function harness(opts: { yaml?: string; store?: Store; clock?: FakeClock; env?: NodeJS.ProcessEnv; actions?: ActionsPort; dataDir?: string; runnerAlive?: RunnerAlive } = {}): Promise<Harness> {
  const clock = opts.clock ?? new FakeClock('2026-11-22T02:00:00.000Z');
  const store = opts.store ?? new MemoryStore({ clock });
  const { config, secrets } = parseConfigText(opts.yaml ?? TEST_CONFIG, 'test', opts.env ?? {});
  const logs: string[] = [];
  const app = await createApp({
    config,
    secrets,
    clock,
    store,
    logSink: (l) => logs.push(l),
    ...(opts.actions ? { actions: opts.actions } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.runnerAlive ? { runnerAlive: opts.runnerAlive } : {}),
  });
  return {
    app,
    clock,
    store,
    logs,
    async run(user, text) {
      const reply = await app.dispatcher.dispatch({ platform: 'console', actor: { platformId: user }, channel: 'C-test', text });
      return { reply, text: renderText(reply) };
    },
  };
}

/** The verdict of each row of a reply's verdict tables, by row name (`http nginx` → `ok`). */
export function verdictRows(seen: Seen): Record<string, Verdict> {
  return Object.fromEntries(seen.reply.blocks.flatMap((b) => (b.type === 'verdicts' ? b.rows.map((r) => [r.name, r.verdict]) : [])));
}
