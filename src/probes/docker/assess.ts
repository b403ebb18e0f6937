import type { Localized } from '../../core/i18n/index.js';
import { formatTable, isoSeconds, localizedDuration, plural } from '../format.js';
import { L, truncate, worst } from '../run-probe.js';
import type { Finding, ProbeResult } from '../types.js';
import type { ServiceContainer, ServiceSpec } from './services.js';

/** What `assessService` concludes: the parts of a probe result. */
export type ServiceAssessment = Pick<ProbeResult, 'verdict' | 'summary' | 'findings' | 'detail'>;

const ms = (iso: string | null): number | undefined => (iso ? Date.parse(iso) : undefined);
const times = (n: number): string => plural(n, 'time', 'times');

function uptime(c: ServiceContainer, now: number): Localized {
  return localizedDuration(now - (ms(c.startedAt) ?? now));
}

function exitText(c: ServiceContainer, now: number): Localized {
  const code = c.exitCode ?? '?';
  const oom = c.oomKilled ? ', OOM-killed' : '';
  const oomZh = c.oomKilled ? '，因内存不足被杀' : '';
  const finished = ms(c.finishedAt);
  if (finished === undefined) return L(`exit code ${code}${oom}`, `退出码 ${code}${oomZh}`);
  const ago = localizedDuration(now - finished);
  return L(
    `exit code ${code}${oom}, ${ago.en} ago at ${isoSeconds(finished)}`,
    `退出码 ${code}${oomZh}，${ago['zh-CN']}前（${isoSeconds(finished)}）`,
  );
}

/** The verdict and text about one existing container. */
export function assessContainer(c: ServiceContainer, restartWarn: number, now: number): Finding {
  const n = c.name;
  if (c.state === 'running') {
    const up = uptime(c, now);
    if (c.health === 'unhealthy') {
      const out = truncate((c.healthOutput ?? '').replace(/\s+/g, ' '), 200);
      const tail = out ? `: ${out}` : '';
      return {
        verdict: 'crit',
        text: L(
          `${n} is unhealthy (${c.failingStreak} failed health checks in a row${tail})`,
          `${n} 健康检查失败（连续 ${c.failingStreak} 次${tail ? `：${out}` : ''}）`,
        ),
      };
    }
    if (c.restartCount >= restartWarn) {
      const oom = c.oomKilled ? '; the last exit was an OOM kill' : '';
      const oomZh = c.oomKilled ? '；上次退出是内存不足被杀' : '';
      return {
        verdict: 'warn',
        text: L(
          `${n} restarted ${times(c.restartCount)} (warning at ${restartWarn})${oom}, up ${up.en}`,
          `${n} 已重启 ${c.restartCount} 次（阈值 ${restartWarn}）${oomZh}，已运行 ${up['zh-CN']}`,
        ),
      };
    }
    if (c.health === 'starting') {
      return { verdict: 'warn', text: L(`${n} health check still starting, up ${up.en}`, `${n} 健康检查仍在启动中，已运行 ${up['zh-CN']}`) };
    }
    const healthy = c.health === 'healthy';
    return {
      verdict: 'ok',
      text: L(`${n} running${healthy ? ', healthy' : ''}, up ${up.en}`, `${n} 运行中${healthy ? '，健康' : ''}，已运行 ${up['zh-CN']}`),
    };
  }
  if (c.state === 'paused') return { verdict: 'crit', text: L(`${n} is paused`, `${n} 已暂停`) };
  if (c.state === 'created') return { verdict: 'crit', text: L(`${n} was created but never started`, `${n} 已创建但从未启动`) };
  const exit = exitText(c, now);
  const restarts = c.state === 'restarting' ? L(`, restarted ${times(c.restartCount)}`, `，已重启 ${c.restartCount} 次`) : L('', '');
  return {
    verdict: 'crit',
    text: L(`${n} is ${c.state} (${exit.en})${restarts.en}`, `${n} 状态为 ${c.state}（${exit['zh-CN']}）${restarts['zh-CN']}`),
  };
}

function table(containers: ServiceContainer[], missing: string[]): string {
  const rows = [['NAME', 'STATE', 'HEALTH', 'RESTARTS', 'EXIT', 'STARTED', 'FINISHED', 'STATUS', 'IMAGE']];
  for (const c of containers) {
    rows.push([
      c.name,
      c.state,
      c.health,
      String(c.restartCount),
      c.exitCode === null ? '-' : String(c.exitCode) + (c.oomKilled ? ' (OOM)' : ''),
      c.startedAt ? isoSeconds(Date.parse(c.startedAt)) : '-',
      c.finishedAt && c.state !== 'running' ? isoSeconds(Date.parse(c.finishedAt)) : '-',
      c.status,
      c.image,
    ]);
  }
  for (const name of missing) rows.push([name, 'not found', '-', '-', '-', '-', '-', '-', '-']);
  const unhealthy = containers
    .filter((c) => c.health === 'unhealthy' && c.healthOutput)
    .map((c) => `${c.name} last health check: ${truncate(c.healthOutput ?? '', 500)}`);
  return truncate([formatTable(rows), ...unhealthy].join('\n'), 4000);
}

/**
 * Judges one service from its containers: a container that is not running, unhealthy, paused or
 * missing is `crit`; restarts at or over `restartWarn` and a starting healthcheck are `warn`;
 * fewer than `minHealthy` running, not-unhealthy containers (or none running) is `crit`.
 * Pure: `now` is the time the containers were looked at.
 */
export function assessService(
  spec: ServiceSpec,
  containers: ServiceContainer[],
  missing: string[],
  restartWarn: number,
  now: number,
): ServiceAssessment {
  const svc = spec.name;
  const findings: Finding[] = containers.map((c) => assessContainer(c, restartWarn, now));
  for (const name of missing) {
    findings.push({ verdict: 'crit', text: L(`${name} not found on the engine`, `引擎上找不到容器 ${name}`) });
  }
  const running = containers.filter((c) => c.state === 'running');
  const healthy = running.filter((c) => c.health === 'healthy' || c.health === 'none');
  const total = containers.length + missing.length;
  if (total === 0) {
    const label = spec.compose ? ` (compose service "${spec.compose}")` : '';
    const labelZh = spec.compose ? `（compose 服务“${spec.compose}”）` : '';
    findings.push({ verdict: 'crit', text: L(`no container found${label}`, `找不到容器${labelZh}`) });
  } else if (running.length === 0) {
    findings.push({ verdict: 'crit', text: L('no running container', '没有运行中的容器') });
  } else if (healthy.length < spec.minHealthy) {
    findings.push({
      verdict: 'crit',
      text: L(
        `only ${healthy.length} healthy container(s), at least ${spec.minHealthy} required`,
        `仅 ${healthy.length} 个健康容器，至少需要 ${spec.minHealthy} 个`,
      ),
    });
  }
  const verdict = worst(findings.map((f) => f.verdict));
  const count = L(`${svc}: ${running.length}/${total} running`, `${svc}：${running.length}/${total} 运行中`);
  let summary: Localized;
  if (verdict === 'ok') {
    const youngest = running.reduce<number>((max, c) => Math.max(max, ms(c.startedAt) ?? 0), 0);
    const up = localizedDuration(now - youngest);
    const allHealthy = running.every((c) => c.health === 'healthy');
    summary = L(
      `${count.en}${allHealthy ? ', healthy' : ''}, up ${up.en}`,
      `${count['zh-CN']}${allHealthy ? '，健康' : ''}，已运行 ${up['zh-CN']}`,
    );
  } else {
    const first = findings.find((f) => f.verdict === verdict) ?? findings[0]!;
    summary = L(`${count.en}; ${first.text.en}`, `${count['zh-CN']}；${first.text['zh-CN']}`);
  }
  return { verdict, summary, findings, detail: table(containers, missing) };
}
