import { isoSeconds } from '../format.js';
import { L } from '../run-probe.js';
import type { Finding } from '../types.js';
import type { QueueReading } from './amqp.js';
import type { MqQueue } from './config.js';
import type { QueueStats } from './management.js';

/** A dead-letter queue's depth as last read, to tell growth from a steady backlog. */
export interface DepthMemory {
  messages: number;
  at: number;
}

/** What the probe knows about one queue. */
export interface QueueView {
  spec: MqQueue;
  reading: QueueReading;
  stats?: QueueStats;
  /** The previous reading of a dead-letter queue (same broker and name), if any. */
  previous?: DepthMemory;
}

const CONSUMER_HINT = L(
  'the consumer service is down or stuck: /check docker, /logs <consumer>; orders stay in their old state until it consumes (split-personality orders)',
  '消费者服务宕机或卡住：/check docker，/logs <消费者>；订单会一直停留在旧状态（人格分裂订单）',
);

function deadLetterFindings(q: string, messages: number, previous: DepthMemory | undefined): Finding[] {
  if (previous && messages > previous.messages) {
    return [{
      verdict: 'warn',
      text: L(
        `dead-letter queue ${q} grew from ${previous.messages} to ${messages} since ${isoSeconds(previous.at)}: messages are failing; look at why (the x-death header) and replay them once fixed`,
        `死信队列 ${q} 自 ${isoSeconds(previous.at)} 起从 ${previous.messages} 增长到 ${messages}：有消息处理失败；请查明原因（x-death 头）修复后重放`,
      ),
    }];
  }
  return [{ verdict: 'ok', text: L(`dead-letter queue ${q}: ${messages} message(s)${previous ? ', not growing' : ''}`, `死信队列 ${q}：${messages} 条消息${previous ? '，未增长' : ''}`) }];
}

function workQueueFindings(spec: MqQueue, messages: number, consumers: number): Finding[] {
  const q = spec.name;
  if (messages > 0 && consumers === 0) {
    return [{ verdict: 'crit', text: L(`${q}: ${messages} message(s) waiting and no consumer; ${CONSUMER_HINT.en}`, `${q}：${messages} 条消息等待且没有消费者；${CONSUMER_HINT['zh-CN']}`) }];
  }
  const findings: Finding[] = [];
  if (consumers === 0) findings.push({ verdict: 'warn', text: L(`${q}: no consumer (empty for now): new messages will not be processed`, `${q}：没有消费者（暂时为空）：新消息将得不到处理`) });
  if (spec.critDepth !== undefined && messages > spec.critDepth) {
    findings.push({ verdict: 'crit', text: L(`${q}: ${messages} messages ready (crit above ${spec.critDepth}): consumers cannot keep up`, `${q}：${messages} 条消息待处理（超过 ${spec.critDepth} 为严重）：消费速度跟不上`) });
  } else if (messages > spec.warnDepth) {
    findings.push({ verdict: 'warn', text: L(`${q}: ${messages} messages ready (warn above ${spec.warnDepth}): consumers are falling behind`, `${q}：${messages} 条消息待处理（超过 ${spec.warnDepth} 告警）：消费速度落后`) });
  }
  if (findings.length === 0) findings.push({ verdict: 'ok', text: L(`${q}: ${messages} ready, ${consumers} consumer(s)`, `${q}：${messages} 条待处理，${consumers} 个消费者`) });
  return findings;
}

/**
 * Judges one queue. Missing → `error` (nothing to read: a wrong name in config, or the
 * application never declared it). A work queue with messages and no consumer is crit, an empty one
 * without consumer warns, depth above `warnDepth` warns and above `critDepth` is crit. A dead-letter
 * queue warns only when it grew since the previous reading. Pure.
 */
export function assessQueue(v: QueueView): Finding[] {
  const r = v.reading;
  if (!r.exists) {
    return [{
      verdict: 'error',
      text: L(`queue ${r.name} does not exist on the broker (${r.reason}): check the name in probes.mq.queues and the vhost in the URL`, `队列 ${r.name} 在服务器上不存在（${r.reason}）：请检查 probes.mq.queues 中的名称和 URL 中的 vhost`),
    }];
  }
  const base = v.spec.deadLetter ? deadLetterFindings(r.name, r.messages, v.previous) : workQueueFindings(v.spec, r.messages, r.consumers);
  if (v.stats && v.stats.unacked > 0) {
    base.push({ verdict: 'ok', text: L(`${r.name}: ${v.stats.unacked} delivered but not yet acknowledged`, `${r.name}：${v.stats.unacked} 条已投递未确认`) });
  }
  return base;
}
