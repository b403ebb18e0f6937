import type Docker from 'dockerode';
import type { Clock } from '../core/clock.js';
import type { DiagnosticsPort, LogsRequest, LogsResult } from '../core/checks/port.js';
import { UserError } from '../core/errors.js';
import type { ProbeResult } from '../core/checks/model.js';
import { createDockerClient } from '../probes/docker/config.js';
import { isProbeInputError } from '../probes/docker/errors.js';
import type { CheckTargetDef, ProbeEnv, ProbeFamily } from '../probes/define.js';
import { fetchLogs } from '../probes/logs/fetch-logs.js';
import { ALL_TARGET, checkTargets, PROBES } from '../probes/registry.js';
import { runProbe } from '../probes/run-probe.js';
import type { Probe } from '../probes/types.js';
import type { ProbesConfig } from './config.js';

/**
 * The diagnostics behind `/check`, `/diagnose` and `/logs`: builds the probes of a target from
 * the probe registry and config, and runs them in parallel, each under the configured hard
 * timeout, so a hanging target never delays the others and `/check all` takes as long as its
 * slowest probe at most. `families` is the probe registry unless a test hands in others.
 */
export class Diagnostics implements DiagnosticsPort {
  private dockerClient: Docker | undefined;
  private readonly env: ProbeEnv;
  private readonly targets: CheckTargetDef[];

  constructor(
    private readonly cfg: ProbesConfig,
    private readonly redact: (s: string) => string,
    private readonly clock: Clock,
    families: readonly ProbeFamily[] = PROBES,
    /** Told about every probe result (metrics). */
    private readonly observe: (r: ProbeResult) => void = () => undefined,
  ) {
    this.env = { config: cfg, docker: () => this.docker() };
    this.targets = checkTargets(families);
  }

  async check(target: string, name?: string): Promise<ProbeResult[]> {
    const probes = await this.probes(target, name);
    const results = await Promise.all(probes.map((p) => runProbe(p, this.cfg.timeoutMs, this.redact, this.clock)));
    for (const r of results) this.observe(r);
    return results;
  }

  async logs(req: LogsRequest): Promise<LogsResult> {
    const deadline = AbortSignal.timeout(this.cfg.timeoutMs * 2);
    try {
      return await fetchLogs(this.docker(), this.cfg.docker, { ...req, clock: this.clock }, deadline, this.redact);
    } catch (err) {
      if (isProbeInputError(err)) throw UserError.text(err.text);
      if (deadline.aborted) throw new UserError('logs.timeout', { seconds: (this.cfg.timeoutMs * 2) / 1000 });
      throw new UserError('logs.engineDown', { reason: this.redact(String((err as Error)?.message ?? err)).slice(0, 300) });
    }
  }

  private async probes(target: string, name: string | undefined): Promise<Probe[]> {
    if (target === ALL_TARGET) {
      const all = this.targets.filter((t) => (typeof t.inAll === 'function' ? t.inAll(this.cfg) : t.inAll !== false));
      return (await Promise.all(all.map((t) => t.build(this.env, undefined)))).flat();
    }
    const def = this.targets.find((t) => t.name === target);
    if (!def) throw new Error(`no check target "${target}" in the probe registry`);
    if (name && !def.nameArg) throw new UserError('check.noName', { target, name }, { showUsage: true });
    return def.build(this.env, name);
  }

  private docker(): Docker {
    this.dockerClient ??= createDockerClient(this.cfg.docker);
    return this.dockerClient;
  }
}
