import { UserError } from '../core/errors.js';
import type { Localized } from '../core/i18n/index.js';
import { isProbeInputError } from '../probes/docker/errors.js';
import { dockerProbes } from '../probes/docker/probe.js';
import { serviceSpecs, type ServiceContainer } from '../probes/docker/services.js';
import { describeFailure, L, runProbe } from '../probes/run-probe.js';
import { deadline, failed, parseApproved, parseParams, refused, RUN_SLACK_MS, type ActionDefinition } from './common.js';
import { findTargets, isUp, label, lastHealthy, MAX_ROLLING_RESTART, restartedText, table, type RestartDeps } from './restart.js';
import { noParams } from './params.js';
import { restartAndWait, RestartProblem, STOP_TIMEOUT_SECONDS, type Restarted } from './restart-wait.js';

const paramsSchema = noParams;

/** One service's part of a restart of everything: what is restarted and what the guard keeps running. */
interface ServicePlan {
  service: string;
  restart: ServiceContainer[];
  /** The only healthy instance, kept running by the last-healthy guard. */
  kept: ServiceContainer[];
}

type Snapshot = Array<{ service: string; containers: Array<{ id: string; name: string }> }>;

/** The configured services' names, in config order. */
const services = (d: RestartDeps): string[] => serviceSpecs(d.cfg).map((s) => s.name);

/** Containers the parameters-free request may reach: each service's declared list, or MAX_ROLLING_RESTART for a compose service. */
function maxTargets(d: RestartDeps): number {
  return serviceSpecs(d.cfg).reduce((n, s) => n + (s.containers && s.compose === undefined ? s.containers.length : MAX_ROLLING_RESTART), 0);
}

/**
 * The plan of one service, guards in force: all its containers, not-healthy ones first, except
 * that the only healthy instance is kept running (unless `guards.restartLastHealthy`).
 */
async function planService(d: RestartDeps, service: string, signal: AbortSignal): Promise<ServicePlan> {
  const t = await findTargets(d, { service }, signal);
  if (d.restartLastHealthy || !lastHealthy(t)) return { service, restart: t.targets, kept: [] };
  return { service, restart: t.targets.filter((c) => !isUp(c)), kept: t.targets.filter(isUp) };
}

async function planAll(d: RestartDeps, signal: AbortSignal): Promise<ServicePlan[]> {
  const plans: ServicePlan[] = [];
  for (const s of services(d)) plans.push(await planService(d, s, signal));
  return plans;
}

const snapshotOf = (plans: ServicePlan[]): Snapshot => plans.map((p) => ({ service: p.service, containers: p.restart.map((c) => ({ id: c.id, name: c.name })) }));
const sameSnapshot = (a: Snapshot, b: Snapshot): boolean => JSON.stringify(a) === JSON.stringify(b);

function keptText(plans: ServicePlan[]): string {
  return plans.filter((p) => p.kept.length > 0).map((p) => `${p.service}: ${label(p.kept)}`).join('; ');
}

function previewDetail(d: RestartDeps, plans: ServicePlan[]): string {
  const parts = plans.map((p) => {
    const head = `${p.service}:`;
    const body = p.restart.length ? table(p.restart) : '(nothing to restart)';
    const kept = p.kept.length ? `\nkept running (only healthy instance): ${label(p.kept)}` : '';
    return `${head}\n${body}${kept}`;
  });
  return `${parts.join('\n\n')}\n\nservices one at a time, in this order; each container must run again (and be healthy) within ${d.waitSeconds} s before the next; the first failure stops the rest`;
}

/** Turns an engine failure while planning into what the requester reads. */
function lookFailure(err: unknown, d: RestartDeps): UserError {
  if (isProbeInputError(err)) return UserError.text(err.text);
  const f = describeFailure(err, d.redact).text;
  return UserError.text(L(`could not look at the Docker engine: ${f.en}`, `无法查看 Docker 引擎：${f['zh-CN']}`), false);
}

/** What was restarted so far and what was not, one line per service. */
function progress(done: Array<{ service: string; restarted: Restarted[] }>, plans: ServicePlan[]): string {
  return plans
    .map((p) => {
      const r = done.find((x) => x.service === p.service)?.restarted ?? [];
      const rest = p.restart.slice(r.length);
      return `${p.service}: restarted ${label(r) || '-'}; not restarted ${label(rest) || '-'}`;
    })
    .join('\n');
}

/** Restarts the plan service by service, container by container; stops at the first failure. */
async function rollAll(d: RestartDeps, plans: ServicePlan[], signal: AbortSignal): Promise<{ done: Array<{ service: string; restarted: Restarted[] }>; problem?: { text: Localized; err?: unknown } }> {
  const done: Array<{ service: string; restarted: Restarted[] }> = [];
  for (const p of plans) {
    const fresh = await planService(d, p.service, deadline(signal, d.timeoutMs));
    if (!sameSnapshot(snapshotOf([fresh]), snapshotOf([p]))) {
      return { done, problem: { text: L(`${p.service} changed while the others were restarted (containers or health): stopped before it`, `在重启其他服务期间 ${p.service} 发生了变化（容器或健康状态）：已在它之前停止`) } };
    }
    const entry = { service: p.service, restarted: [] as Restarted[] };
    done.push(entry);
    for (const c of p.restart) {
      try {
        entry.restarted.push(await restartAndWait(d.docker(), c.id, c.name, d.waitSeconds * 1000, signal));
      } catch (err) {
        return { done, problem: err instanceof RestartProblem ? { text: err.text } : { text: L(`restarting ${c.name} failed`, `重启 ${c.name} 失败`), err } };
      }
    }
  }
  return { done };
}

/**
 * `restart-all` (manual 2.1, 全部服务重启): restarts every configured service (probes.docker.services),
 * one service at a time and within it one container at a time, each waited for before the next
 * (see `restartAndWait`). The last-healthy guard stays in force: a service's only healthy instance
 * keeps running (its broken siblings are restarted) unless `guards.restartLastHealthy`. Before
 * acting every service is looked at again and the request refused when any plan changed; each
 * service is looked at once more right before its turn; the first failure stops the rest and the
 * outcome says, per service, what was and was not restarted. Discovery mode (no services
 * configured) is refused: "all" must be a list the team wrote down.
 */
export function restartAllAction(d: RestartDeps): ActionDefinition {
  const maxRunMs = (): number => d.timeoutMs * (1 + 2 * services(d).length) + maxTargets(d) * (d.waitSeconds + STOP_TIMEOUT_SECONDS) * 1000 + RUN_SLACK_MS;
  return {
    kind: 'restart-all',
    params: paramsSchema,
    async prepare(params, signal) {
      parseParams(paramsSchema, params, {});
      if (services(d).length === 0) {
        throw UserError.text(L('no services configured: /restart all restarts the services listed in probes.docker.services; restart one with /restart <service>', '未配置服务：/restart all 只重启 probes.docker.services 中列出的服务；单个服务请用 /restart <服务>'), false);
      }
      let plans: ServicePlan[];
      try {
        plans = await planAll(d, deadline(signal, d.timeoutMs));
      } catch (err) {
        throw lookFailure(err, d);
      }
      const count = plans.reduce((n, p) => n + p.restart.length, 0);
      if (count === 0) {
        const kept = keptText(plans);
        throw UserError.text(L(`nothing to restart: ${kept ? `the only healthy instances stay running (${kept}); set actions.guards.restartLastHealthy to allow it` : 'the configured services have no containers'}`, `无可重启的容器：${kept ? `唯一健康的实例保持运行（${kept}）；如确需重启请设置 actions.guards.restartLastHealthy` : '已配置的服务没有任何容器'}`), false);
      }
      const list = plans.filter((p) => p.restart.length).map((p) => `${p.service} (${p.restart.length})`).join(', ');
      const kept = keptText(plans);
      return {
        summary: L(`restart all services one at a time: ${list}${kept ? `; kept running: ${kept}` : ''}`, `逐个重启全部服务：${list}${kept ? `；保持运行：${kept}` : ''}`),
        detail: d.redact(previewDetail(d, plans)),
        snapshot: { services: snapshotOf(plans) },
        risk: 'high',
      };
    },
    async execute(params, snapshot, signal) {
      const parsed = parseApproved(paramsSchema, params);
      if (!parsed.ok) return parsed.outcome;
      let plans: ServicePlan[];
      try {
        plans = await planAll(d, deadline(signal, d.timeoutMs));
      } catch (err) {
        return failed(L('could not look at the Docker engine; nothing was restarted', '无法查看 Docker 引擎；未重启任何容器'), err, d.redact);
      }
      const before = (snapshot.services ?? []) as Snapshot;
      if (!sameSnapshot(before, snapshotOf(plans))) {
        const changed = snapshotOf(plans).filter((now) => !sameSnapshot(before.filter((b) => b.service === now.service), [now])).map((s) => s.service);
        return refused(
          L(`the services changed since the request (${changed.join(', ') || 'the service list'}): nothing was restarted; ask again`, `自请求以来服务已变化（${changed.join('、') || '服务列表'}）：未重启任何容器；请重新发起请求`),
          `requested:\n${before.map((s) => `${s.service}: ${label(s.containers) || '-'}`).join('\n')}\nnow:\n${snapshotOf(plans).map((s) => `${s.service}: ${label(s.containers) || '-'}`).join('\n')}`,
        );
      }
      const { done, problem } = await rollAll(d, plans, signal);
      if (problem) {
        const detail = progress(done, plans);
        return problem.err === undefined ? { status: 'failed', result: problem.text, detail } : failed(problem.text, problem.err, d.redact, detail);
      }
      const lines = done.filter((x) => x.restarted.length).map((x) => restartedText(x.service, x.restarted));
      return { status: 'done', result: L(lines.map((l) => l.en).join('\n'), lines.map((l) => l['zh-CN']).join('\n')) };
    },
    maxRunMs,
    async verify() {
      const docker = d.docker();
      return Promise.all(dockerProbes(d.cfg, docker, { clock: d.clock }).map((p) => runProbe(p, d.timeoutMs, d.redact)));
    },
  };
}
