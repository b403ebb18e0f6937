import type Docker from 'dockerode';
import { UserError } from '../core/errors.js';
import type { DockerProbeConfig } from '../probes/docker/config.js';
import { COMPOSE_SERVICE_LABEL, containerName, serviceSpecs } from '../probes/docker/services.js';
import { formatBytes, formatTable, isoSeconds } from '../probes/format.js';
import { describeFailure, L } from '../probes/run-probe.js';
import { deadline, failed, parseApproved, parseParams, RUN_SLACK_MS, type ActionDefinition, type Redact } from './common.js';
import type { DockerCleanupConfig } from './docker-cleanup-config.js';
import { noParams } from './params.js';

/** What the cleanup handler needs: the engine, which containers are services, its scope and bounds. */
export interface DockerCleanupDeps {
  docker: () => Docker;
  services: DockerProbeConfig;
  cfg: DockerCleanupConfig;
  /** Bound of every look at the engine and of each removal. */
  timeoutMs: number;
  redact: Redact;
}

const paramsSchema = noParams;

/** A stopped container or dangling image as previewed: what is removed and what it frees. */
interface Item {
  id: string;
  name: string;
  bytes: number;
}

interface Candidates {
  containers: Array<Item & { image: string; status: string }>;
  images: Array<Item & { created: number }>;
  /** Stopped containers kept because they belong to a configured service. */
  kept: string[];
  /** More candidates than `maxItems` were found: the rest waits for another request. */
  more: boolean;
}

const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);
const statusOf = (err: unknown): number | undefined => (err as { statusCode?: number }).statusCode;

/** True when a container belongs to a configured service (by name or compose service label). */
function isServiceContainer(cfg: DockerProbeConfig, info: Docker.ContainerInfo): boolean {
  const name = containerName(info);
  return serviceSpecs(cfg).some((s) => (s.containers?.includes(name) ?? false) || (s.compose !== undefined && info.Labels?.[COMPOSE_SERVICE_LABEL] === s.compose));
}

/**
 * Each image's own size (its size less the layers it shares with other images), from the
 * engine's disk usage (`GET /system/df`); empty when the engine cannot say in time, and the
 * preview then shows the full image size as the upper bound.
 */
async function ownImageSizes(docker: Docker, signal: AbortSignal): Promise<Map<string, number>> {
  const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
  aborted.catch(() => undefined);
  try {
    const df = (await Promise.race([docker.df(), aborted])) as { Images?: Array<{ Id: string; Size: number; SharedSize: number }> };
    return new Map((df.Images ?? []).filter((i) => i.SharedSize >= 0).map((i) => [i.Id, i.Size - i.SharedSize]));
  } catch {
    return new Map();
  }
}

async function findCandidates(d: DockerCleanupDeps, signal: AbortSignal): Promise<Candidates> {
  const docker = d.docker();
  const label: Record<string, string[]> = d.cfg.labels.length ? { label: d.cfg.labels } : {};
  const stopped = await docker.listContainers({ all: true, size: true, filters: { status: ['created', 'exited', 'dead'], ...label }, abortSignal: signal });
  const dangling = await docker.listImages({ filters: { dangling: ['true'], ...label }, abortSignal: signal });
  const kept = stopped.filter((c) => isServiceContainer(d.services, c)).map(containerName);
  const containers = stopped
    .filter((c) => !isServiceContainer(d.services, c))
    .sort((a, b) => a.Created - b.Created)
    .map((c) => ({ id: c.Id, name: containerName(c), bytes: (c as { SizeRw?: number }).SizeRw ?? 0, image: c.Image, status: c.Status }));
  const own = dangling.length ? await ownImageSizes(docker, signal) : new Map<string, number>();
  const images = dangling
    .sort((a, b) => a.Created - b.Created)
    .map((i) => ({ id: i.Id, name: shortId(i.Id), bytes: own.get(i.Id) ?? i.Size, created: i.Created * 1000 }));
  const max = d.cfg.maxItems;
  return { containers: containers.slice(0, max), images: images.slice(0, max), kept, more: containers.length > max || images.length > max };
}

const total = (items: Item[]): number => items.reduce((n, i) => n + i.bytes, 0);

function previewDetail(c: Candidates): string {
  const parts = [
    `stopped containers (${c.containers.length}):`,
    c.containers.length ? formatTable(c.containers.map((x) => [x.name, shortId(x.id), x.image, x.status, formatBytes(x.bytes)]), { columns: ['NAME', 'ID', 'IMAGE', 'STATUS', 'SIZE'], maxCell: 50 }) : '(none)',
    `dangling images (${c.images.length}):`,
    c.images.length ? formatTable(c.images.map((x) => [x.name, isoSeconds(x.created), formatBytes(x.bytes)]), { columns: ['ID', 'CREATED', 'SIZE'] }) : '(none)',
    `reclaimable: up to ${formatBytes(total(c.containers) + total(c.images))} (container layers ${formatBytes(total(c.containers))}, images up to ${formatBytes(total(c.images))})`,
    ...(c.kept.length ? [`kept (containers of configured services): ${c.kept.join(', ')}`] : []),
    ...(c.more ? ['more remain beyond actions.dockerCleanup.maxItems: ask again afterwards'] : []),
    'volumes are kept; each item is checked again right before it is removed',
  ];
  return parts.join('\n');
}

/** Removes one previewed container if it is still stopped: null when removed, else why it was kept. */
async function removeContainer(docker: Docker, item: Item, signal: AbortSignal): Promise<string | null> {
  const c = docker.getContainer(item.id);
  try {
    const s = (await c.inspect({ abortSignal: signal })).State;
    if (s.Running || s.Restarting || s.Paused) return `${item.name}: running again, kept`;
    await c.remove({ v: false, abortSignal: signal });
    return null;
  } catch (err) {
    if (statusOf(err) === 404) return `${item.name}: already gone`;
    throw err;
  }
}

/** Removes one previewed image if it is still dangling and unused: null when removed, else why it was kept. */
async function removeImage(docker: Docker, item: Item, signal: AbortSignal): Promise<string | null> {
  const image = docker.getImage(item.id);
  try {
    const info = await image.inspect();
    if ((info.RepoTags ?? []).some((t) => t !== '<none>:<none>')) return `${item.name}: tagged since the request, kept`;
    await image.remove({ abortSignal: signal });
    return null;
  } catch (err) {
    if (statusOf(err) === 404) return `${item.name}: already gone`;
    if (statusOf(err) === 409) return `${item.name}: in use by a container, kept`;
    throw err;
  }
}

/**
 * `docker-cleanup` (manual 2.7 磁盘空间不足): removes stopped containers and dangling images through
 * the Docker API, like `docker container prune` + `docker image prune` but bound to the approved
 * list: the preview names every container and image and the space they take (container layers,
 * images "up to" their own size), and execution removes exactly those, each looked at again
 * right before (a container running again, an image tagged or used since, is kept). Containers of
 * configured services are never candidates; volumes are never removed; `actions.dockerCleanup.labels`
 * narrows the scope. The first engine error stops the rest.
 */
export function dockerCleanupAction(d: DockerCleanupDeps): ActionDefinition {
  return {
    kind: 'docker-cleanup',
    params: paramsSchema,
    async prepare(params, signal) {
      parseParams(paramsSchema, params, {});
      let c: Candidates;
      try {
        c = await findCandidates(d, deadline(signal, d.timeoutMs));
      } catch (err) {
        const f = describeFailure(err, d.redact).text;
        throw UserError.text(L(`could not look at the Docker engine: ${f.en}`, `无法查看 Docker 引擎：${f['zh-CN']}`), false);
      }
      if (c.containers.length === 0 && c.images.length === 0) {
        const kept = c.kept.length ? ` (kept: ${c.kept.join(', ')}, containers of configured services)` : '';
        throw UserError.text(L(`nothing to clean up: no stopped containers and no dangling images${kept}`, `无可清理的内容：没有已停止的容器和悬空镜像${kept ? `（保留配置服务的容器：${c.kept.join('、')}）` : ''}`), false);
      }
      const size = formatBytes(total(c.containers) + total(c.images));
      return {
        summary: L(
          `remove ${c.containers.length} stopped container(s) and ${c.images.length} dangling image(s), reclaiming up to ${size}`,
          `删除 ${c.containers.length} 个已停止的容器和 ${c.images.length} 个悬空镜像，最多释放 ${size}`,
        ),
        detail: d.redact(previewDetail(c)),
        snapshot: { containers: c.containers.map(({ id, name, bytes }) => ({ id, name, bytes })), images: c.images.map(({ id, name, bytes }) => ({ id, name, bytes })) },
        risk: 'normal',
      };
    },
    async execute(params, snapshot, signal) {
      const parsed = parseApproved(paramsSchema, params);
      if (!parsed.ok) return parsed.outcome;
      const docker = d.docker();
      const containers = (snapshot.containers ?? []) as Item[];
      const images = (snapshot.images ?? []) as Item[];
      const removed: Item[] = [];
      const skipped: string[] = [];
      const plan: Array<[Item, typeof removeContainer]> = [...containers.map((c): [Item, typeof removeContainer] => [c, removeContainer]), ...images.map((i): [Item, typeof removeContainer] => [i, removeImage])];
      for (const [item, remove] of plan) {
        try {
          const r = await remove(docker, item, deadline(signal, d.timeoutMs));
          if (r === null) removed.push(item);
          else skipped.push(r);
        } catch (err) {
          const left = plan.slice(removed.length + skipped.length + 1).map(([x]) => x.name).join(', ') || '-';
          return failed(L(`removing ${item.name} failed`, `删除 ${item.name} 失败`), err, d.redact, `removed: ${removed.map((x) => x.name).join(', ') || '-'}\nnot removed: ${left}`);
        }
      }
      const nc = removed.filter((x) => containers.includes(x)).length;
      const size = formatBytes(total(removed));
      return {
        status: 'done',
        result: L(`removed ${nc} container(s) and ${removed.length - nc} image(s), up to ${size} reclaimed`, `已删除 ${nc} 个容器和 ${removed.length - nc} 个镜像，最多释放 ${size}`),
        ...(skipped.length || removed.length ? { detail: [`removed: ${removed.map((x) => x.name).join(', ') || '-'}`, ...(skipped.length ? [`skipped: ${skipped.join('; ')}`] : [])].join('\n') } : {}),
      };
    },
    maxRunMs: () => d.timeoutMs * (1 + 2 * 2 * d.cfg.maxItems) + RUN_SLACK_MS,
  };
}
