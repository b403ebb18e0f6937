import { L, type Localized } from '../i18n/index.js';
import type { CheckTarget } from './port.js';

/** A symptom of the manual and what it prescribes: which checks to run and what to do next. */
export interface Symptom {
  name: string;
  aliases: string[];
  manual: string;
  title: Localized;
  checks: Array<{ target: CheckTarget; name?: string }>;
  next: Localized[];
}

/** The fault types of the manual (2.1–2.10) as `/diagnose` knows them. */
export const SYMPTOMS: Symptom[] = [
  {
    name: 'down', aliases: ['宕机', 'outage'], manual: '2.1', title: L('service unreachable', '系统宕机'),
    checks: [{ target: 'docker' }, { target: 'host' }, { target: 'disk' }, { target: 'http' }],
    next: [
      L('A stopped or restarting container: /logs <service> --tail 100, then /restart <service> (needs approval).', '容器停止或反复重启：先 /logs <服务> --tail 100，再 /restart <服务>（需审批）。'),
      L('Host out of memory or disk: free it first (manual 2.7), then restart.', '主机内存或磁盘耗尽：先按手册 2.7 释放空间，再重启。'),
    ],
  },
  {
    name: 'db-conn', aliases: ['数据库', 'mysql', 'db'], manual: '2.2', title: L('database connection failures', '数据库连接失败'),
    checks: [{ target: 'docker' }, { target: 'mysql' }],
    next: [
      L('Connections near max_connections: find idle or long sessions in the process list; /kill-query <id> (needs approval).', '连接数接近 max_connections：在进程列表中找空闲或长时间会话；/kill-query <id>（需审批）。'),
      L('MySQL container down: /logs mysql-master, then /restart mysql-master (needs approval).', 'MySQL 容器异常：/logs mysql-master，再 /restart mysql-master（需审批）。'),
      L('Review the connection pool size in .env.prod.', '检查 .env.prod 中的连接池大小。'),
    ],
  },
  {
    name: 'redis', aliases: ['缓存', 'cache'], manual: '2.3', title: L('Redis connection failures', 'Redis 连接失败'),
    checks: [{ target: 'docker' }, { target: 'redis' }],
    next: [
      L('Memory full with noeviction: writes fail; set an eviction policy or raise maxmemory in redis.conf.', '内存已满且策略为 noeviction：写入会失败；调整驱逐策略或在 redis.conf 提高 maxmemory。'),
      L('Stale cache keys: /cache purge "<pattern>" (needs approval), never FLUSHDB by hand.', '清理过期缓存：/cache purge "<模式>"（需审批），不要手工 FLUSHDB。'),
    ],
  },
  {
    name: 'slow-api', aliases: ['慢', 'slow', '响应慢'], manual: '2.4', title: L('slow API responses', 'API 响应缓慢'),
    checks: [{ target: 'http' }, { target: 'mysql' }, { target: 'redis' }, { target: 'host' }],
    next: [
      L('Long queries: EXPLAIN them and add an index; /kill-query <id> a runaway one (needs approval).', '慢查询：用 EXPLAIN 分析并加索引；失控的查询可 /kill-query <id>（需审批）。'),
      L('Backend logs: /logs backend --tail 100.', '后端日志：/logs backend --tail 100。'),
    ],
  },
  {
    name: 'payment-callback', aliases: ['支付回调', 'payment', '回调'], manual: '2.5', title: L('payment callbacks not applied', '支付回调失败'),
    checks: [{ target: 'orders' }, { target: 'http' }, { target: 'docker' }],
    next: [
      L('Callback errors in the backend: /logs backend --grep payment, then --grep wechatpay.', '查后端回调日志：/logs backend --grep payment，再 --grep wechatpay。'),
      L('Query the WeChat Pay merchant platform for the order, then fix the order status (manual 2.5).', '在微信支付商户平台查询订单，再按手册 2.5 更新订单状态。'),
    ],
  },
  {
    name: 'oversell', aliases: ['超卖', 'stock'], manual: '2.6', title: L('stock oversold', '库存超卖'),
    checks: [{ target: 'orders' }, { target: 'redis' }],
    next: [
      L('Take the SKU off sale first, then correct the stock; contact affected buyers.', '先下架该商品，再调整库存；联系受影响的用户。'),
      L('Check stock locks (stock:lock:*) for ones that never expire.', '检查库存锁 stock:lock:* 是否有不过期的。'),
    ],
  },
  {
    name: 'disk', aliases: ['磁盘', 'disk-full'], manual: '2.7', title: L('disk space low', '磁盘空间不足'),
    checks: [{ target: 'disk' }],
    next: [
      L('Rotate or delete old logs (/var/log, > 7 days), prune unused Docker images, delete backups > 30 days.', '清理 7 天前的日志、未使用的 Docker 镜像和 30 天前的备份。'),
    ],
  },
  {
    name: '502', aliases: ['bad-gateway', 'nginx'], manual: '2.8', title: L('Nginx 502 Bad Gateway', 'Nginx 502 错误'),
    checks: [{ target: 'http' }, { target: 'docker' }],
    next: [
      L('Backend containers down or unhealthy: /logs backend, then /restart backend (needs approval).', '后端容器异常：/logs backend，再 /restart backend（需审批）。'),
      L('Backend healthy but 502 persists: check the Nginx upstream configuration (nginx -t).', '后端正常仍 502：检查 Nginx upstream 配置（nginx -t）。'),
    ],
  },
  {
    name: 'miniprogram', aliases: ['小程序', '小程序网络请求失败', 'mini-program', 'https', '证书'], manual: '2.9', title: L('mini-program network requests fail', '小程序网络请求失败'),
    checks: [{ target: 'tls' }, { target: 'http' }, { target: 'docker' }],
    next: [
      L('Certificate expired, self-signed, incomplete chain or wrong host name: renew or reinstall it (full chain) and reload Nginx.', '证书过期、自签名、证书链不完整或域名不匹配：续期或重新安装证书（完整证书链）并重载 Nginx。'),
      L('API_BASE_URL in config.js must be https:// and its domain listed as a request domain (服务器域名) in the mini-program console, with its ICP filing (备案) in place.', 'config.js 中的 API_BASE_URL 必须是 https://，域名须已备案并配置在小程序后台的 request 合法域名中。'),
      L('Backend or Nginx down: /logs nginx, /logs backend, then /restart <service> (needs approval); in WeChat DevTools check the console and network panel.', '后端或 Nginx 异常：/logs nginx、/logs backend，再 /restart <服务>（需审批）；用微信开发者工具查看 console 和 network 面板。'),
    ],
  },
  {
    name: 'order-state', aliases: ['人格分裂订单', '状态不一致', 'split-personality', 'order-mismatch'], manual: '2.5', title: L('order states disagree (split-personality orders)', '订单状态不一致（人格分裂订单）'),
    checks: [{ target: 'mq' }, { target: 'orders' }],
    next: [
      L('A queue with messages and no consumer: the consumer service is down; /logs <consumer>, then /restart <consumer> (needs approval). States catch up once it consumes.', '队列有消息但没有消费者：消费者服务宕机；/logs <消费者>，再 /restart <消费者>（需审批），消费后状态会追平。'),
      L('A growing dead-letter queue: find why messages fail (x-death header, consumer logs), fix it, then replay them.', '死信队列在增长：查明消息失败原因（x-death 头、消费者日志），修复后重放。'),
      L('Orders paid but not updated: query the payment platform, then correct the order status (manual 2.5).', '已支付未更新的订单：在支付平台查询后按手册 2.5 修正订单状态。'),
    ],
  },
  {
    name: 'deadlock', aliases: ['死锁', 'lock'], manual: '2.10', title: L('database deadlocks', '数据库死锁'),
    checks: [{ target: 'mysql' }],
    next: [
      L('A blocking transaction: /kill-query <blocking thread id> (needs approval).', '阻塞的事务：/kill-query <阻塞线程 id>（需审批）。'),
      L('Afterwards: access tables in the same order, shorten transactions, add indexes.', '事后：按相同顺序访问表，缩短事务，添加索引。'),
    ],
  },
];

/** The symptom named by `word` (name or alias, case-insensitive), or undefined. */
export function findSymptom(word: string): Symptom | undefined {
  const w = word.trim().toLowerCase();
  return SYMPTOMS.find((s) => s.name === w || s.aliases.some((a) => a.toLowerCase() === w));
}
