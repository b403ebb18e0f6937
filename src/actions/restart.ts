import type Docker from 'dockerode';
import type { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { Localized } from '../core/i18n/index.js';
import type { DockerProbeConfig } from '../probes/docker/config.js';
import { isProbeInputError, UnknownServiceError } from '../probes/docker/errors.js';
import { dockerProbes } from '../probes/docker/probe.js';
import { listServiceContainers, resolveService, resolveServiceOnEngine, type ServiceContainer } from '../probes/docker/services.js';
import { formatTable, isoSeconds } from '../probes/format.js';
import { describeFailure, L, runProbe } from '../probes/run-probe.js';
import type { Probe } from '../probes/types.js';
import { deadline, failed, parseApproved, parseParams, refused, RUN_SLACK_MS, type ActionDefinition, type Redact } from './common.js';
import { restartParams } from './params.js';
import { restartAndWait, RestartProblem, STOP_TIMEOUT_SECONDS, type Restarted } from './restart-wait.js';

/** What the restart handler needs: the engine, the docker probe config, its bounds and guard. */
export interface RestartDeps {
  docker: () => Docker;
  cfg: DockerProbeConfig;
  /** Bound of every look at the engine and of `verify`. */
  timeoutMs: number;
  /** How long each container may take to run (and be healthy) again. */
  waitSeconds: number;
  restartLastHealthy: boolean;
  redact: Redact;
  clock: Clock;
}

const paramsSchema = restartParams;
type RestartParams = z.infer<typeof paramsSchema>;

const hints = {
  service: L('a service name as /check docker shows it', '服务名（见 /check docker）'),
  container: L('the name or full/12-character id of one container of that service', '该服务中某个容器的名称或 ID（完整或前 12 位）'),
};

/**
 * Containers one request may restart when their number is not known from config (a compose
 * service, discovery mode): `maxRunMs` must be known from the parameters alone, before the engine
 * is asked, so a larger rolling restart is refused and has to be split by container.
 */
export const MAX_ROLLING_RESTART = 10;

/**
 * How many containers a restart with these parameters may touch: 1 for a named container, the
 * configured list for a service declared only by `containers`, else MAX_ROLLING_RESTART.
 */
function maxTargets(cfg: DockerProbeConfig, p: RestartParams): number {
  if (p.container) return 1;
  try {
    const spec = resolveService(cfg, p.service);
    return spec.containers && spec.compose === undefined ? spec.containers.length : MAX_ROLLING_RESTART;
  } catch (err) {
    if (err instanceof UnknownServiceError) return MAX_ROLLING_RESTART;
    throw err;
  }
}

/** The longest a restart of at most `containers` containers takes: one look at the engine, then each container stopped and waited for. */
export function restartBudgetMs(d: RestartDeps, containers: number): number {
  return d.timeoutMs + containers * (d.waitSeconds + STOP_TIMEOUT_SECONDS) * 1000;
}

/** Why this request restarts too many containers at once, or undefined. */
function tooMany(t: Targets, max: number): Localized | undefined {
  if (t.targets.length <= max) return undefined;
  return L(
    `${t.service} has ${t.targets.length} containers; one restart request may roll through at most ${max}: restart them by name (container=…) in several requests`,
    `${t.service} 有 ${t.targets.length} 个容器；一次重启请求最多滚动重启 ${max} 个：请按容器名（container=…）分多次请求重启`,
  );
}

/** The containers of the service and the ones to restart, in restart order (not-healthy ones first). */
export interface Targets {
  service: string;
  all: ServiceContainer[];
  targets: ServiceContainer[];
}

const shortId = (id: string): string => id.slice(0, 12);
/** Running and not unhealthy: what the last-healthy guard counts. */
export const isUp = (c: ServiceContainer): boolean => c.state === 'running' && c.health !== 'unhealthy';
/** `name (short id), …` of some containers, for previews and outcomes. */
export const label = (cs: Array<{ id: string; name: string }>): string => cs.map((c) => `${c.name} (${shortId(c.id)})`).join(', ');

/** The containers of service `p.service` (or its one container `p.container`), in restart order. */
export async function findTargets(d: RestartDeps, p: RestartParams, signal: AbortSignal): Promise<Targets> {
  const docker = d.docker();
  const spec = await resolveServiceOnEngine(docker, d.cfg, p.service, signal);
  const all = await listServiceContainers(docker, d.cfg, spec, signal);
  const chosen = p.container
    ? all.filter((c) => c.name === p.container || (p.container!.length >= 12 && c.id.startsWith(p.container!)))
    : all;
  const targets = [...chosen].sort((a, b) => Number(isUp(a)) - Number(isUp(b)) || a.name.localeCompare(b.name));
  return { service: spec.name, all, targets };
}

/** The reason the last-healthy guard stops this restart, or undefined when it does not apply. */
export function lastHealthy(t: Targets): Localized | undefined {
  const up = t.all.filter(isUp);
  const only = up.length === 1 ? up[0]! : undefined;
  if (!only || !t.targets.some((c) => c.id === only.id)) return undefined;
  return L(
    `${only.name} is the only healthy instance of ${t.service}: restarting it would leave no healthy instance. ` +
      'A stopped or unhealthy container may be restarted (name just that container); to allow this one, set actions.guards.restartLastHealthy.',
    `${only.name} 是 ${t.service} 唯一健康的实例：重启它会导致没有任何健康实例。` +
      '已停止或不健康的容器可以重启（只指定该容器）；如确需重启它，请设置 actions.guards.restartLastHealthy。',
  );
}

/** The containers as a NAME / ID / STATE / HEALTH / STARTED table. */
export function table(cs: ServiceContainer[]): string {
  const rows = cs.map((c) => [c.name, shortId(c.id), c.state, c.health, c.startedAt ? isoSeconds(Date.parse(c.startedAt)) : '-']);
  return formatTable(rows, { columns: ['NAME', 'ID', 'STATE', 'HEALTH', 'STARTED'] });
}

const sameIds = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** `restarted <service>: name (id): old start → new start; …` in both languages. */
export function restartedText(service: string, done: Restarted[]): Localized {
  const lines = done.map((r) => `${r.name} (${shortId(r.id)}): ${r.oldStartedAt ?? '-'} → ${r.newStartedAt}`);
  return L(`restarted ${service}: ${lines.join('; ')}`, `已重启 ${service}：${lines.join('；')}`);
}

/** Turns what a helper threw while looking at the engine into a user error (unknown service, engine down). */
function lookFailure(err: unknown, d: RestartDeps): UserError {
  if (isProbeInputError(err)) return UserError.text(err.text);
  const f = describeFailure(err, d.redact).text;
  return new UserError('action.dockerUnreadable', { failure: f });
}

/**
 * `restart` (manual 2.1–2.8): restarts the containers of a service, or one of them, through the
 * Docker API, one at a time, each waited for (running, and healthy when it has a healthcheck)
 * before the next. Refuses the last healthy instance unless `guards.restartLastHealthy`, and
 * refuses at execution when the service's target containers are not the ones previewed
 * (recreated, scaled, replaced) or the guard now applies. `verify` runs the docker probe.
 * `maxRunMs` is `timeoutMs` + N × (`waitSeconds` + the 10 s stop timeout) + RUN_SLACK_MS, where N
 * is the number of containers the parameters can reach (see `maxTargets`); a request reaching
 * more is refused, so the rolling restart always fits in it.
 */
export function restartAction(d: RestartDeps): ActionDefinition {
  return {
    kind: 'restart',
    params: paramsSchema,
    async prepare(params, signal) {
      const p = parseParams(paramsSchema, params, hints);
      let t: Targets;
      try {
        t = await findTargets(d, p, deadline(signal, d.timeoutMs));
      } catch (err) {
        throw lookFailure(err, d);
      }
      if (t.all.length === 0) {
        throw new UserError('action.noContainers', { service: t.service });
      }
      if (t.targets.length === 0) {
        const names = t.all.map((c) => c.name).join(', ');
        throw new UserError('action.noSuchContainer', { service: t.service, container: p.container ?? '', names }, { showUsage: true });
      }
      const many = tooMany(t, maxTargets(d.cfg, p));
      if (many) throw UserError.text(many);
      const guard = d.restartLastHealthy ? undefined : lastHealthy(t);
      if (guard) throw UserError.text(guard, false);
      const rolling = t.targets.length > 1
        ? `\nrolling restart in this order, one at a time: each must run again (and be healthy) within ${d.waitSeconds} s before the next`
        : '';
      return {
        summary: L(`restart ${t.service}: ${label(t.targets)}`, `重启 ${t.service}：${label(t.targets)}`),
        detail: d.redact(table(t.targets) + rolling),
        snapshot: { containers: t.targets.map((c) => ({ id: c.id, name: c.name })) },
        risk: 'normal',
      };
    },
    async execute(params, snapshot, signal) {
      const parsed = parseApproved(paramsSchema, params);
      if (!parsed.ok) return parsed.outcome;
      const before = (snapshot.containers ?? []) as Array<{ id: string; name: string }>;
      let t: Targets;
      try {
        t = await findTargets(d, parsed.value, deadline(signal, d.timeoutMs));
      } catch (err) {
        if (isProbeInputError(err)) return refused(L(`the service changed: ${err.text.en}; nothing was restarted`, `服务已变化：${err.text['zh-CN']}；未重启任何容器`));
        return failed(L('could not look at the Docker engine; nothing was restarted', '无法查看 Docker 引擎；未重启任何容器'), err, d.redact);
      }
      if (!sameIds(before.map((c) => c.id), t.targets.map((c) => c.id))) {
        return refused(
          L('the containers changed since the request (recreated or replaced): nothing was restarted; ask again', '自请求以来容器已变化（被重建或替换）：未重启任何容器；请重新发起请求'),
          `requested: ${label(before) || '-'}\nnow:       ${label(t.targets) || '-'}`,
        );
      }
      const many = tooMany(t, maxTargets(d.cfg, parsed.value));
      if (many) return refused(L(`${many.en}. Nothing was restarted.`, `${many['zh-CN']}。未重启任何容器。`));
      const guard = d.restartLastHealthy ? undefined : lastHealthy(t);
      if (guard) return refused(L(`${guard.en} Nothing was restarted.`, `${guard['zh-CN']}未重启任何容器。`));
      const done: Restarted[] = [];
      for (const c of t.targets) {
        try {
          done.push(await restartAndWait(d.docker(), c.id, c.name, d.waitSeconds * 1000, signal));
        } catch (err) {
          const rest = t.targets.slice(done.length + 1).map((x) => x.name).join(', ') || '-';
          const detail = `restarted: ${label(done) || '-'}\nnot restarted: ${rest}`;
          if (err instanceof RestartProblem) return { status: 'failed', result: err.text, detail };
          return failed(L(`restarting ${c.name} failed`, `重启 ${c.name} 失败`), err, d.redact, detail);
        }
      }
      return { status: 'done', result: restartedText(t.service, done) };
    },
    maxRunMs(params) {
      const parsed = paramsSchema.safeParse(params);
      return restartBudgetMs(d, parsed.success ? maxTargets(d.cfg, parsed.data) : MAX_ROLLING_RESTART) + RUN_SLACK_MS;
    },
    async verify(params) {
      const { service } = paramsSchema.parse(params);
      const docker = d.docker();
      const probe: Probe = {
        probe: 'docker',
        target: `docker ${service}`,
        async run(ctx) {
          const spec = await resolveServiceOnEngine(docker, d.cfg, service, ctx.signal);
          return dockerProbes(d.cfg, docker, { service: spec, clock: d.clock })[0]!.run(ctx);
        },
      };
      return [await runProbe(probe, d.timeoutMs, d.redact)];
    },
  };
}
