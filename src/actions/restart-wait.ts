import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { Localized } from '../core/i18n/index.js';
import { L } from '../probes/run-probe.js';

/** How often a restarting container is inspected (a real engine, real time). */
const POLL_MS = 200;
/** Seconds Docker waits after SIGTERM before it kills the container (`docker restart -t 10`). */
export const STOP_TIMEOUT_SECONDS = 10;

/** Why one container did not come back; `text` is safe to show. */
export class RestartProblem extends Error {
  constructor(readonly text: Localized) {
    super(text.en);
    this.name = 'RestartProblem';
  }
}

/** The start times of one restarted container, as Docker reports them (ISO). */
export interface Restarted {
  id: string;
  name: string;
  oldStartedAt: string | null;
  newStartedAt: string;
}

const never = (t: string | undefined): boolean => !t || t.startsWith('0001-');

/**
 * Restarts one container through the Docker API (`POST /containers/{id}/restart?t=10`) and waits
 * until it runs with a new start time and, when it has a healthcheck, is healthy. Gives up after
 * `waitMs` (plus the stop timeout) or when `signal` aborts.
 * @throws RestartProblem when it exits, turns unhealthy or is not back in time; engine errors as dockerode raises them.
 */
export async function restartAndWait(docker: Docker, id: string, name: string, waitMs: number, signal: AbortSignal): Promise<Restarted> {
  const bound = AbortSignal.any([signal, AbortSignal.timeout(waitMs + STOP_TIMEOUT_SECONDS * 1000)]);
  try {
    return await restartUntilBack(docker.getContainer(id), name, bound);
  } catch (err) {
    if (err instanceof RestartProblem || !bound.aborted) throw err;
    const secs = Math.round(waitMs / 1000);
    throw new RestartProblem(
      signal.aborted
        ? L(`${name}: the restart was interrupted`, `${name}：重启被中断`)
        : L(`${name} is not running (and healthy) ${secs} s after the restart`, `${name} 重启 ${secs} 秒后仍未正常运行（或未通过健康检查）`),
    );
  }
}

async function restartUntilBack(container: Docker.Container, name: string, signal: AbortSignal): Promise<Restarted> {
  const before = (await container.inspect({ abortSignal: signal })).State.StartedAt;
  await container.restart({ t: STOP_TIMEOUT_SECONDS, abortSignal: signal });
  for (;;) {
    const state = (await container.inspect({ abortSignal: signal })).State;
    const fresh = state.StartedAt !== before && !never(state.StartedAt);
    if (fresh && state.Running) {
      const health = state.Health?.Status;
      if (health === undefined || health === 'healthy' || health === 'none') {
        return { id: container.id, name, oldStartedAt: never(before) ? null : before, newStartedAt: state.StartedAt };
      }
      if (health === 'unhealthy') {
        throw new RestartProblem(L(`${name} runs again but its health check fails`, `${name} 已重新运行，但健康检查失败`));
      }
    }
    if (fresh && !state.Running && !state.Restarting) {
      throw new RestartProblem(L(`${name} exited right after the restart (exit code ${state.ExitCode})`, `${name} 重启后立即退出（退出码 ${state.ExitCode}）`));
    }
    await sleep(POLL_MS, undefined, { signal });
  }
}
