import { performance } from 'node:perf_hooks';
import { FakeDingTalk, robotFrame } from '../test/protocol/fake-dingtalk.js';
import { serveArrivals } from './burst.js';

/**
 * The fake DingTalk of the DingTalk bench, in processes of its own (test/protocol/fake-dingtalk.ts).
 *
 * `gateways <n>`: n fake stream gateways, one per server under test (the fake talks to one socket),
 * printing `FAKES <apiBase> …`. IPC `{ ready: i }` answers once gateway i has a connection;
 * `{ burst: { fake, tag, frames, concurrency, staffId, webhookBase } }` sends `frames` robot
 * `/incident list` messages from `staffId`, each the next as soon as an ack comes back (so
 * `concurrency` are in flight), and answers with each ack's latency (ms) and each frame's send time
 * (Date.now()). Each frame has its own conversation and session webhook `<webhookBase>/session/<id>`,
 * so a reply names the frame it answers (a conversation's replies go to its latest webhook).
 *
 * `webhooks`: one fake receiving the session-webhook POSTs, printing `FAKE <apiBase>`; IPC
 * `{ collect: prefix }` answers with the arrival time (Date.now()) of the first POST for each
 * frame id starting with `prefix`. Kept apart from the gateways so that receiving 2,000 replies
 * does not slow the process that times the acks.
 */
interface BurstOrder {
  fake: number;
  tag: string;
  frames: number;
  concurrency: number;
  staffId: string;
  webhookBase: string;
}

const role = process.argv[2];

async function gateways(n: number): Promise<void> {
  const fakes = await Promise.all(Array.from({ length: n }, () => FakeDingTalk.start()));
  process.on('message', (m: { ready?: number; burst?: BurstOrder; stop?: boolean }) => {
    if (m.stop) {
      void Promise.all(fakes.map((f) => f.close())).then(() => process.exit(0));
      return;
    }
    if (m.ready !== undefined) {
      void fakes[m.ready]!.waitForConnections(1, 60_000).then(
        () => process.send!({ ready: true }),
        (err: Error) => process.send!({ error: err.message.slice(0, 300) }),
      );
      return;
    }
    if (m.burst) void burst(fakes[m.burst.fake]!, m.burst).then((r) => process.send!(r), (err: Error) => process.send!({ error: err.message }));
  });
  process.stdout.write(`FAKES ${fakes.map((f) => f.apiBase).join(' ')}\n`);
}

function frame(o: BurstOrder, id: string): Record<string, unknown> {
  const now = Date.now();
  return robotFrame(
    {
      conversationId: `cid-${id}`,
      chatbotCorpId: 'ding-corp',
      chatbotUserId: '$:LWCP_v1:$bot',
      msgId: id,
      senderNick: o.staffId,
      isAdmin: false,
      senderStaffId: o.staffId,
      sessionWebhookExpiredTime: now + 90 * 60_000,
      createAt: now,
      senderCorpId: 'ding-corp',
      conversationType: '2',
      senderId: `$:LWCP_v1:$${o.staffId}`,
      sessionWebhook: `${o.webhookBase}/session/${id}?session=secret-${id}`,
      robotCode: 'dingbench',
      msgtype: 'text',
      text: { content: '/incident list' },
      isInAtList: true,
    },
    id,
  );
}

async function burst(fake: FakeDingTalk, o: BurstOrder): Promise<{ acks: number[]; sentAt: Array<[string, number]>; ms: number }> {
  const acks: number[] = [];
  const sentAt: Array<[string, number]> = [];
  const pending = new Map<string, { t: number; done: () => void }>();
  const off = fake.onSent((f) => {
    const id = f.headers?.messageId;
    const p = typeof id === 'string' ? pending.get(id) : undefined;
    if (!p) return;
    pending.delete(id as string);
    acks.push(performance.now() - p.t);
    p.done();
  });
  const started = performance.now();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < o.frames) {
          const id = `${o.tag}${next++}`;
          const acked = new Promise<void>((done) => pending.set(id, { t: performance.now(), done }));
          sentAt.push([id, Date.now()]);
          fake.send(frame(o, id));
          await acked;
        }
      }),
    );
  } finally {
    off();
  }
  return { acks, sentAt, ms: performance.now() - started };
}

async function webhooks(): Promise<void> {
  const fake = await FakeDingTalk.start();
  const arrived = new Map<string, number>();
  fake.onCall((c) => {
    if (!c.path.startsWith('/session/')) return;
    const id = c.path.slice('/session/'.length);
    if (!arrived.has(id)) arrived.set(id, Date.now());
  });
  serveArrivals(arrived, () => fake.close());
  process.stdout.write(`FAKE ${fake.apiBase}\n`);
}

if (role === 'gateways') await gateways(Number(process.argv[3] ?? 1));
else await webhooks();
