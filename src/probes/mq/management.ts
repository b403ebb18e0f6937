/** What the management API adds about one queue. */
export interface QueueStats {
  unacked: number;
  publishRate: number | null;
  deliverRate: number | null;
  ackRate: number | null;
}

/** The management API of `probes.mq.management`. */
export interface ManagementTarget {
  url: string;
  user: string;
  password: string;
}

type Details = { rate?: number } | undefined;
interface QueueJson {
  messages_unacknowledged?: number;
  message_stats?: { publish_details?: Details; deliver_get_details?: Details; ack_details?: Details };
}

const rate = (d: Details): number | null => (typeof d?.rate === 'number' ? d.rate : null);

/**
 * Reads one queue from the RabbitMQ management API (`GET /api/queues/{vhost}/{name}`, basic auth):
 * unacknowledged messages and the publish / deliver / ack rates. Rejects with an Error saying the
 * HTTP status (401, 404 …) when the API does not answer 200; aborted with `signal`.
 */
export async function queueStats(m: ManagementTarget, vhost: string, queue: string, signal: AbortSignal): Promise<QueueStats> {
  const base = m.url.replace(/\/+$/, '');
  const res = await fetch(`${base}/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}`, {
    headers: { authorization: `Basic ${Buffer.from(`${m.user}:${m.password}`).toString('base64')}`, accept: 'application/json' },
    redirect: 'manual',
    signal,
  });
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`management API answered HTTP ${res.status}`);
  }
  const q = (await res.json()) as QueueJson;
  const s = q.message_stats;
  return {
    unacked: Number(q.messages_unacknowledged ?? 0),
    publishRate: rate(s?.publish_details),
    deliverRate: rate(s?.deliver_get_details),
    ackRate: rate(s?.ack_details),
  };
}

/** The virtual host of an AMQP URL: its path decoded, `/` when there is none. */
export function vhostOf(url: string): string {
  try {
    const path = new URL(url).pathname.replace(/^\//, '');
    return path ? decodeURIComponent(path) : '/';
  } catch {
    return '/';
  }
}
