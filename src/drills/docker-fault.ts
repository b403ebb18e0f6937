import type Docker from 'dockerode';
import { UserError } from '../core/errors.js';
import { L, type Localized } from '../core/i18n/index.js';
import type { DockerProbeConfig } from '../probes/docker/config.js';
import { listServiceContainers } from '../probes/docker/services.js';

/** The container a stop-container drill would stop: the first running container of the service. */
export async function runningContainerOf(docker: Docker, cfg: DockerProbeConfig, service: string, signal: AbortSignal): Promise<{ id: string; name: string }> {
  let containers;
  try {
    containers = await listServiceContainers(docker, cfg, service, signal);
  } catch (err) {
    throw UserError.text(L(`drill: service "${service}" cannot be looked at: ${(err as Error).message}`, `演练：无法查看服务“${service}”：${(err as Error).message}`), false);
  }
  const running = containers.find((c) => c.state === 'running');
  if (!running) throw UserError.text(L(`drill: service "${service}" has no running container to stop`, `演练：服务“${service}”没有正在运行的容器可停止`), false);
  return { id: running.id, name: running.name };
}

/** Stops the container (10 s grace); a container that is already stopped counts as stopped. */
export async function stopContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).stop({ t: 10 });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err;
  }
}

/** Starts the container a drill stopped again; already running is fine. Says what it did. */
export async function startContainer(docker: Docker, id: string, name: string): Promise<Localized> {
  try {
    await docker.getContainer(id).start();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err;
  }
  return L(`started container ${name} again`, `已重新启动容器 ${name}`);
}
