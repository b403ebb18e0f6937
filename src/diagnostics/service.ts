import type Docker from 'dockerode';
import type { Clock } from '../core/clock.js';
import type { CheckTarget, DiagnosticsPort, LogsRequest, LogsResult } from '../core/checks/port.js';
import { UserError } from '../core/errors.js';
import { createDockerClient } from '../probes/docker/config.js';
import { isProbeInputError } from '../probes/docker/errors.js';
import { dockerProbes } from '../probes/docker/probe.js';
import { diskProbe } from '../probes/host/disk.js';
import { hostProbe } from '../probes/host/host.js';
import { httpProbes } from '../probes/http/probe.js';
import { fetchLogs } from '../probes/logs/fetch-logs.js';
import { mysqlProbe } from '../probes/mysql/probe.js';
import { ordersProbe } from '../probes/orders/probe.js';
import { redisProbe } from '../probes/redis/probe.js';
import { runProbe } from '../probes/run-probe.js';
import type { Probe, ProbeResult } from '../probes/types.js';
import type { ProbesConfig } from './config.js';

/**
 * The diagnostics behind `/check`, `/diagnose` and `/logs`: builds the probes of a target from
 * config and runs them in parallel, each under the configured hard timeout, so a hanging target
 * never delays the others and `/check all` takes as long as its slowest probe at most.
 */
export class Diagnostics implements DiagnosticsPort {
  private dockerClient: Docker | undefined;

  constructor(
    private readonly cfg: ProbesConfig,
    private readonly redact: (s: string) => string,
    private readonly clock: Clock,
  ) {}

  async check(target: CheckTarget, name?: string): Promise<ProbeResult[]> {
    const probes = this.probes(target, name);
    return Promise.all(probes.map((p) => runProbe(p, this.cfg.timeoutMs, this.redact)));
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

  private probes(target: CheckTarget, name: string | undefined): Probe[] {
    switch (target) {
      case 'docker':
        try {
          return dockerProbes(this.cfg.docker, this.docker(), { ...(name ? { service: name } : {}), clock: this.clock });
        } catch (err) {
          if (isProbeInputError(err)) throw UserError.text(err.text);
          throw err;
        }
      case 'redis':
        // A pattern typed here only ever reaches SCAN's MATCH argument, counted and bounded like configured ones.
        return [redisProbe(name ? { ...this.cfg.redis, patterns: [name] } : this.cfg.redis)];
      case 'http': {
        const all = httpProbes(this.cfg.http);
        if (!name) return all;
        const one = all.filter((p) => p.target === `http ${name}`);
        if (one.length === 0) {
          const known = this.cfg.http.targets.map((t) => t.name);
          throw new UserError('check.unknownHttp', { name, known: known.length ? known.join(', ') : '—' }, { showUsage: true });
        }
        return one;
      }
      case 'all':
        return (['docker', 'host', 'disk', 'mysql', 'redis', 'http', 'orders'] as const).flatMap((t) => this.probes(t, undefined));
      default:
        if (name) throw new UserError('check.noName', { target, name }, { showUsage: true });
        return [this.single(target)];
    }
  }

  private single(target: 'host' | 'disk' | 'mysql' | 'orders'): Probe {
    switch (target) {
      case 'host':
        return hostProbe(this.cfg.host);
      case 'disk':
        return diskProbe(this.cfg.host, this.cfg.host.dockerDiskUsage ? this.docker() : undefined);
      case 'mysql':
        return mysqlProbe(this.cfg.mysql);
      case 'orders':
        return ordersProbe(this.cfg.orders, this.cfg.mysql.dsn);
    }
  }

  private docker(): Docker {
    this.dockerClient ??= createDockerClient(this.cfg.docker);
    return this.dockerClient;
  }
}
