import type Docker from 'dockerode';
import type { DockerProbeConfig } from './config.js';
import { UnknownServiceError } from './errors.js';

/** Label Docker Compose puts on every container of a service. */
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

/**
 * A service as the probes look for it. A container belongs to it when its name is in
 * `containers` or its compose service label equals `compose`; an `auto` (discovered) service
 * matches containers whose service key (compose label, else name) equals `name`.
 */
export interface ServiceSpec {
  name: string;
  containers?: string[];
  compose?: string;
  minHealthy: number;
  auto?: boolean;
}

/** Health as Docker reports it; `none` when the image defines no healthcheck. */
export type ContainerHealth = 'healthy' | 'unhealthy' | 'starting' | 'none';

/**
 * One container of a service as seen right now. Times are ISO strings, `null` when Docker has
 * none (never started / never finished). `exitCode` is `null` while running. `healthOutput` is
 * the raw output of the last healthcheck: redact it before showing it.
 */
export interface ServiceContainer {
  id: string;
  name: string;
  service: string;
  state: string;
  status: string;
  health: ContainerHealth;
  healthOutput?: string;
  failingStreak: number;
  restartCount: number;
  startedAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
  oomKilled: boolean;
  image: string;
  tty: boolean;
}

/** The configured services in declaration order (empty in discovery mode). */
export function serviceSpecs(cfg: DockerProbeConfig): ServiceSpec[] {
  return Object.entries(cfg.services).map(([name, s]) => ({
    name,
    ...(s.containers ? { containers: s.containers } : {}),
    ...(s.compose || !s.containers ? { compose: s.compose ?? name } : {}),
    minHealthy: s.minHealthy,
  }));
}

/**
 * Finds what a user means by `name`: a configured service, or one configured container
 * (narrowed to that container). In discovery mode (no services configured) any name is
 * accepted here and checked against the engine by `listServiceContainers`.
 * @throws UnknownServiceError listing the configured services when the name matches nothing.
 */
export function resolveService(cfg: DockerProbeConfig, name: string): ServiceSpec {
  const specs = serviceSpecs(cfg);
  if (specs.length === 0) return { name, minHealthy: 1, auto: true };
  const service = specs.find((s) => s.name === name);
  if (service) return service;
  const owner = specs.find((s) => s.containers?.includes(name));
  if (owner) return { name: owner.name, containers: [name], minHealthy: Math.min(owner.minHealthy, 1) };
  throw new UnknownServiceError(name, specs.map((s) => s.name).sort());
}

/**
 * Like `resolveService`, and also accepts the name of a container that exists on the engine and
 * belongs to a configured compose service (`mall_backend_1` for `backend: { compose: backend }`),
 * narrowed to that container. Containers outside the configured services stay unknown.
 * @throws UnknownServiceError listing the configured services when nothing matches.
 */
export async function resolveServiceOnEngine(
  docker: Docker,
  cfg: DockerProbeConfig,
  name: string,
  signal?: AbortSignal,
): Promise<ServiceSpec> {
  try {
    return resolveService(cfg, name);
  } catch (err) {
    if (!(err instanceof UnknownServiceError)) throw err;
    const all = await docker.listContainers({ all: true, ...(signal ? { abortSignal: signal } : {}) });
    const info = all.find((c) => containerName(c) === name);
    const owner = info && serviceSpecs(cfg).find((s) => belongsTo(s, info));
    if (!owner) throw err;
    return { name: owner.name, containers: [name], minHealthy: Math.min(owner.minHealthy, 1) };
  }
}

/** A container's name without Docker's leading slash. */
export function containerName(info: Pick<Docker.ContainerInfo, 'Names' | 'Id'>): string {
  return (info.Names[0] ?? info.Id.slice(0, 12)).replace(/^\//, '');
}

/** The service a container is grouped under in discovery mode: its compose service, else its name. */
export function serviceKey(info: Docker.ContainerInfo): string {
  return info.Labels?.[COMPOSE_SERVICE_LABEL] ?? containerName(info);
}

function belongsTo(spec: ServiceSpec, info: Docker.ContainerInfo): boolean {
  if (spec.auto) return serviceKey(info) === spec.name;
  return (
    (spec.containers?.includes(containerName(info)) ?? false) ||
    (spec.compose !== undefined && info.Labels?.[COMPOSE_SERVICE_LABEL] === spec.compose)
  );
}

/** Configured container names of `spec` that are not among `found` (they do not exist). */
export function missingContainers(spec: ServiceSpec, found: ServiceContainer[]): string[] {
  return (spec.containers ?? []).filter((n) => !found.some((c) => c.name === n));
}

/**
 * The containers of one service, sorted by name, each inspected (restart count, health, times).
 * Read-only. Containers that vanish while being looked at are left out.
 * @throws UnknownServiceError (configured names or, in discovery mode, the services on the engine)
 *   when the service is unknown; engine errors (unreachable, aborted) as dockerode raises them.
 */
export async function listServiceContainers(
  docker: Docker,
  cfg: DockerProbeConfig,
  service: string | ServiceSpec,
  signal?: AbortSignal,
): Promise<ServiceContainer[]> {
  const spec = typeof service === 'string' ? resolveService(cfg, service) : service;
  const all = await docker.listContainers({ all: true, ...(signal ? { abortSignal: signal } : {}) });
  const mine = all.filter((info) => belongsTo(spec, info));
  if (spec.auto && mine.length === 0) {
    throw new UnknownServiceError(spec.name, [...new Set(all.map(serviceKey))].sort());
  }
  return inspectAll(docker, mine, () => spec.name, signal);
}

/** Every container on the engine grouped by service key (discovery mode), groups sorted by name. */
export async function listDiscoveredServices(
  docker: Docker,
  signal?: AbortSignal,
): Promise<Map<string, ServiceContainer[]>> {
  const all = await docker.listContainers({ all: true, ...(signal ? { abortSignal: signal } : {}) });
  const containers = await inspectAll(docker, all, serviceKey, signal);
  const groups = new Map<string, ServiceContainer[]>();
  for (const c of [...containers].sort((a, b) => a.service.localeCompare(b.service))) {
    groups.set(c.service, [...(groups.get(c.service) ?? []), c]);
  }
  return groups;
}

/** Inspections in flight at once, so a busy engine is not hit by hundreds of requests together. */
const INSPECT_CONCURRENCY = 8;

async function inspectAll(
  docker: Docker,
  infos: Docker.ContainerInfo[],
  serviceOf: (info: Docker.ContainerInfo) => string,
  signal?: AbortSignal,
): Promise<ServiceContainer[]> {
  const found: Array<ServiceContainer | undefined> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < infos.length; i = next++) {
      const info = infos[i]!;
      try {
        const inspect = await docker.getContainer(info.Id).inspect(signal ? { abortSignal: signal } : {});
        found[i] = toServiceContainer(info, inspect, serviceOf(info));
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(INSPECT_CONCURRENCY, infos.length) }, worker));
  return found.filter((c): c is ServiceContainer => c !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

/** Docker's zero time (`0001-01-01T00:00:00Z`) means "never". */
function dockerTime(value: string | undefined): string | null {
  if (!value || value.startsWith('0001-')) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function toServiceContainer(
  info: Docker.ContainerInfo,
  inspect: Docker.ContainerInspectInfo,
  service: string,
): ServiceContainer {
  const state = inspect.State;
  const health = state.Health;
  const status = health?.Status;
  const lastCheck = health?.Log?.at(-1);
  return {
    id: inspect.Id,
    name: containerName(info),
    service,
    state: state.Status,
    status: info.Status,
    health: status === 'healthy' || status === 'unhealthy' || status === 'starting' ? status : 'none',
    ...(lastCheck ? { healthOutput: lastCheck.Output.trim() } : {}),
    failingStreak: health?.FailingStreak ?? 0,
    restartCount: inspect.RestartCount,
    startedAt: dockerTime(state.StartedAt),
    finishedAt: dockerTime(state.FinishedAt),
    exitCode: state.Running && !state.Restarting ? null : state.ExitCode,
    oomKilled: state.OOMKilled,
    image: info.Image,
    tty: inspect.Config?.Tty ?? false,
  };
}
