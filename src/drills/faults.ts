import type Docker from 'dockerode';
import { UserError } from '../core/errors.js';
import { L, type Localized } from '../core/i18n/index.js';
import type { InjectedFault } from '../core/drills/model.js';
import type { DockerProbeConfig } from '../probes/docker/config.js';
import type { FaultConfig } from './config.js';
import { runningContainerOf, startContainer, stopContainer } from './docker-fault.js';
import { holdRowLock, releaseRowLock } from './mysql-fault.js';
import { deleteKeys, drillKeys, existingKeys, setKeys } from './redis-fault.js';

/** Where the faults act: the Docker engine and services, the MySQL account, the Redis URL, and every step's deadline. */
export interface FaultTargets {
  docker: () => Docker;
  dockerConfig: DockerProbeConfig;
  mysqlDsn: string;
  redisUrl: string;
  timeoutMs: number;
}

/** What would be done, looked at read-only now: the preview line and the snapshot execution re-checks. */
export async function previewFault(t: FaultTargets, f: FaultConfig, signal: AbortSignal): Promise<{ summary: Localized; snapshot: Record<string, unknown> }> {
  switch (f.kind) {
    case 'tabletop':
      return { summary: L('nothing is injected (tabletop)', '不注入故障（桌面推演）'), snapshot: {} };
    case 'stop-container': {
      const c = await runningContainerOf(t.docker(), t.dockerConfig, f.service, signal);
      return { summary: L(`DRILL: stop container ${c.name} of service ${f.service}`, `演练：停止服务 ${f.service} 的容器 ${c.name}`), snapshot: { container: c.id } };
    }
    case 'mysql-lock':
      return {
        summary: L(`DRILL: hold a row lock on ${f.table}.${f.column} = ${String(f.value)} for up to ${f.holdSeconds} s`, `演练：在 ${f.table}.${f.column} = ${String(f.value)} 上持有行锁，最长 ${f.holdSeconds} 秒`),
        snapshot: {},
      };
    case 'redis-keys': {
      const keys = drillKeys(f.prefix, f.count);
      if ((await existingKeys(t.redisUrl, keys, { signal, timeoutMs: t.timeoutMs })) > 0) {
        throw UserError.text(L(`drill: keys ${f.prefix}1… already exist; a drill never overwrites data`, `演练：键 ${f.prefix}1… 已存在；演练不会覆盖数据`), false);
      }
      return { summary: L(`DRILL: set ${keys.length} Redis keys ${f.prefix}1…${keys.length} (TTL ${f.ttlSeconds} s)`, `演练：设置 ${keys.length} 个 Redis 键 ${f.prefix}1…${keys.length}（TTL ${f.ttlSeconds} 秒）`), snapshot: { keys: keys.length } };
    }
  }
}

/** Injects the fault (after approval); `holder` names a held lock. Resolves to what to undo. */
export async function injectFault(t: FaultTargets, f: Exclude<FaultConfig, { kind: 'tabletop' }>, snapshot: Record<string, unknown>, holder: string, signal: AbortSignal): Promise<InjectedFault> {
  switch (f.kind) {
    case 'stop-container': {
      const c = await runningContainerOf(t.docker(), t.dockerConfig, f.service, signal);
      if (c.id !== snapshot.container) throw UserError.text(L(`the running container of ${f.service} changed since the request`, `${f.service} 的运行容器在申请后已变化`), false);
      await stopContainer(t.docker(), c.id);
      return { kind: 'stop-container', container: c.id, name: c.name };
    }
    case 'mysql-lock':
      await holdRowLock(t.mysqlDsn, f, holder, f.holdSeconds * 1000, t.timeoutMs);
      return { kind: 'mysql-lock', table: f.table, column: f.column, value: f.value, holder };
    case 'redis-keys':
      return { kind: 'redis-keys', keys: await setKeys(t.redisUrl, drillKeys(f.prefix, f.count), f.value, f.ttlSeconds, { signal, timeoutMs: t.timeoutMs }) };
  }
}

/** Undoes exactly what was injected; says what it did. */
export async function revertFault(t: FaultTargets, injected: InjectedFault, signal: AbortSignal): Promise<Localized> {
  switch (injected.kind) {
    case 'stop-container':
      return startContainer(t.docker(), injected.container, injected.name);
    case 'mysql-lock':
      return releaseRowLock(injected.holder);
    case 'redis-keys':
      return deleteKeys(t.redisUrl, injected.keys, { signal, timeoutMs: t.timeoutMs });
  }
}
