import type { Channel, ChannelModel } from 'amqplib';
import { lazyModule } from '../lazy-module.js';

const amqplib = lazyModule<typeof import('amqplib')>('amqplib');

/** What a passive declare told about one queue, or that it does not exist. */
export type QueueReading = { name: string; exists: true; messages: number; consumers: number } | { name: string; exists: false; reason: string };

/** What the broker said at connection time. */
export interface BrokerInfo {
  product: string;
  version: string;
}

/**
 * Connects to `url` (socket timeout `timeoutMs`, no recovery), reads the broker's product and
 * version and each queue by a passive `checkQueue` — it never creates or changes anything — and
 * always closes the connection; an abort of `signal` closes it at once. A queue that does not
 * exist closes its channel on the broker (404 NOT_FOUND), so the next queue gets a new channel.
 */
export async function readQueues(url: string, queues: string[], timeoutMs: number, signal: AbortSignal): Promise<{ broker: BrokerInfo; queues: QueueReading[] }> {
  const pending = amqplib().connect(url, { timeout: timeoutMs });
  const abandon = (): void => void pending.then((c) => c.close(), () => undefined).catch(() => undefined);
  signal.addEventListener('abort', abandon, { once: true });
  let conn: ChannelModel;
  try {
    conn = await pending;
  } finally {
    signal.removeEventListener('abort', abandon);
  }
  conn.on('error', () => undefined);
  const close = (): void => void conn.close().catch(() => undefined);
  signal.addEventListener('abort', close, { once: true });
  try {
    const props = conn.connection.serverProperties;
    const broker = { product: String(props.product ?? 'AMQP broker'), version: String(props.version ?? '?') };
    const readings: QueueReading[] = [];
    let channel: Channel | undefined;
    for (const name of queues) {
      signal.throwIfAborted();
      channel ??= await openChannel(conn);
      try {
        const q = await channel.checkQueue(name);
        readings.push({ name, exists: true, messages: q.messageCount, consumers: q.consumerCount });
      } catch (err) {
        const message = String((err as Error).message ?? err);
        if (!/404|NOT_FOUND/.test(message)) throw err;
        channel = undefined;
        readings.push({ name, exists: false, reason: message.replace(/^Operation failed: QueueDeclare; /, '') });
      }
    }
    return { broker, queues: readings };
  } finally {
    signal.removeEventListener('abort', close);
    await conn.close().catch(() => undefined);
  }
}

/** A channel whose broker-side closing (404 on a passive declare) is an answer, not a crash. */
async function openChannel(conn: ChannelModel): Promise<Channel> {
  const ch = await conn.createChannel();
  ch.on('error', () => undefined);
  return ch;
}
