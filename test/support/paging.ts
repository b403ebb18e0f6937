import type { Platform } from '../../src/core/invocation.js';
import type { Reply } from '../../src/core/reply.js';
import type { AdapterHealth, ChatAdapter, ChatTarget, PostedRef } from '../../src/runtime/chat-adapter.js';
import type { Harness } from './harness.js';

/** Users and the manual's contacts table (4.1) for paging tests; everyone reachable by Slack DM. */
export const PAGING_CONFIG = `
locale: en
timezone: Asia/Shanghai
users:
  - { id: alice, name: Alice, roles: [responder, approver], slack: U0ALICE }
  - { id: zhangsan, name: 张三, roles: [responder], slack: U01ZS }
  - { id: lisi, name: 李四, roles: [responder], slack: U01LS }
  - { id: wangwu, name: 王五, roles: [responder], slack: U01WW }
  - { id: carol, name: Carol, roles: [viewer], slack: U0CAROL }
contacts:
  - { name: 张三, title: 运维负责人, role: ops, user: zhangsan, severities: [P0, P1, P2, P3], level: 1 }
  - { name: 李四, title: 后端负责人, role: backend, user: lisi, severities: [P0, P1, P2], level: 2 }
  - { name: 王五, title: 产品负责人, role: product, user: wangwu, severities: [P0, P1], level: 3 }
`;

/** A chat adapter that keeps what it was asked to deliver (the platform side is tested in test/protocol). */
export class RecordingAdapter implements ChatAdapter {
  readonly delivered: Array<{ to: ChatTarget; reply: Reply; at: number }> = [];
  /** While true, every delivery is refused (as a platform outage would be). */
  down = false;

  constructor(
    readonly platform: Platform,
    private readonly now: () => number,
  ) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async update(): Promise<void> {}

  async deliver(to: ChatTarget, reply: Reply): Promise<PostedRef | undefined> {
    if (this.down) return undefined;
    this.delivered.push({ to, reply, at: this.now() });
    return { platform: this.platform, conversation: to.kind === 'person' ? to.platformId : to.id, messageId: String(this.delivered.length) };
  }

  health(): AdapterHealth {
    return { platform: this.platform, state: 'connected', since: 0 };
  }

  /** Slack ids that got a direct message, in order. */
  dms(): string[] {
    return this.delivered.flatMap((d) => (d.to.kind === 'person' ? [d.to.platformId] : []));
  }
}

/** Connects a recording Slack adapter to a harness's bot. */
export function connectSlack(h: Harness): RecordingAdapter {
  const adapter = new RecordingAdapter('slack', () => h.clock.now());
  h.app.adapters.set('slack', adapter);
  return adapter;
}

/** Moves the fake clock minute by minute, firing due timers at each minute, as a running bot would. */
export async function advanceMinutes(h: Harness, minutes: number): Promise<void> {
  for (let i = 0; i < minutes; i++) {
    h.clock.advance(60_000);
    await drain(h);
  }
}

/** Runs due timers until none is left (paging queues, then the outbox sends). */
export async function drain(h: Harness): Promise<void> {
  for (let i = 0; i < 20 && (await h.app.timers.tick()) > 0; i++);
}
