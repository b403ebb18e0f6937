import type Docker from 'dockerode';
import type { Clock } from '../../core/clock.js';
import { describeFailure, L, truncate, worst } from '../run-probe.js';
import type { Finding, Probe, ProbeContext, ProbeResult } from '../types.js';
import { assessService } from './assess.js';
import { clientAddress, type DockerProbeConfig } from './config.js';
import { isProbeInputError } from './errors.js';
import {
  listDiscoveredServices,
  listServiceContainers,
  missingContainers,
  resolveService,
  serviceSpecs,
  type ServiceSpec,
} from './services.js';

type Outcome = Omit<ProbeResult, 'durationMs'>;

/** Turns an engine error into a result (unreachable engine → crit naming the address). */
function engineFailure(docker: Docker, target: string, err: unknown, ctx: ProbeContext): Outcome {
  if (isProbeInputError(err)) {
    return { probe: 'docker', target, verdict: 'error', summary: err.text, findings: [{ verdict: 'error', text: err.text }] };
  }
  const f = describeFailure(err, (s) => ctx.redact(s));
  const addr = clientAddress(docker);
  const text = L(`Docker engine ${addr}: ${f.text.en}`, `Docker 引擎 ${addr}：${f.text['zh-CN']}`);
  return { probe: 'docker', target, verdict: f.verdict, summary: text, findings: [{ verdict: f.verdict, text }] };
}

/** A docker probe of `target`: what `read` finds, or an engine error as a result (an aborted run still throws, for runProbe). */
function engineProbe(docker: Docker, target: string, read: (ctx: ProbeContext) => Promise<Omit<Outcome, 'probe' | 'target'>>): Probe {
  return {
    probe: 'docker',
    target,
    async run(ctx) {
      try {
        return { probe: 'docker', target, ...(await read(ctx)) };
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        return engineFailure(docker, target, err, ctx);
      }
    },
  };
}

function serviceProbe(spec: ServiceSpec, cfg: DockerProbeConfig, docker: Docker, clock: Clock | undefined): Probe {
  return engineProbe(docker, `docker ${spec.name}`, async (ctx) => {
    const containers = await listServiceContainers(docker, cfg, spec, ctx.signal);
    return assessService(spec, containers, missingContainers(spec, containers), cfg.restartWarn, (clock ?? ctx.clock).now());
  });
}

/** Discovery mode: one probe over every container on the engine, one group per service key. */
function discoveryProbe(cfg: DockerProbeConfig, docker: Docker, clock: Clock | undefined): Probe {
  return engineProbe(docker, 'docker (all containers)', async (ctx) => {
    const groups = await listDiscoveredServices(docker, ctx.signal);
    const now = (clock ?? ctx.clock).now();
    const results = [...groups].map(([name, containers]) =>
      assessService({ name, minHealthy: 1, auto: true }, containers, [], cfg.restartWarn, now),
    );
    const findings: Finding[] = results.map((r) => ({ verdict: r.verdict, text: r.summary }));
    const bad = results.filter((r) => r.verdict !== 'ok').length;
    const summary =
      results.length === 0
        ? L('no containers on the engine', '引擎上没有任何容器')
        : L(
            `${results.length} services, ${results.length - bad} ok, ${bad} with problems`,
            `${results.length} 个服务，${results.length - bad} 个正常，${bad} 个异常`,
          );
    const detail = truncate(results.map((r) => r.detail ?? '').join('\n\n'), 8000);
    return { verdict: worst(findings.map((f) => f.verdict)), summary, findings, detail };
  });
}

/**
 * The Docker probes to run for `/check docker [service]`: one probe per configured service (so
 * each has its own verdict row and deadline, and one slow service does not hide the others), the
 * one named service when `opts.service` is given, or in discovery mode (no services configured)
 * a single probe over all containers. `opts.service` may be a spec from `resolveServiceOnEngine`
 * (to accept compose container names); `opts.clock` pins the clock uptimes are measured on (by
 * default the run's). Probes never throw: an unreachable engine is `crit`.
 * @throws UnknownServiceError (synchronously, before anything runs) for an unknown configured service.
 */
export function dockerProbes(
  cfg: DockerProbeConfig,
  docker: Docker,
  opts: { service?: string | ServiceSpec; clock?: Clock } = {},
): Probe[] {
  const { clock } = opts;
  if (typeof opts.service === 'string') return [serviceProbe(resolveService(cfg, opts.service), cfg, docker, clock)];
  if (opts.service !== undefined) return [serviceProbe(opts.service, cfg, docker, clock)];
  const specs = serviceSpecs(cfg);
  if (specs.length === 0) return [discoveryProbe(cfg, docker, clock)];
  return specs.map((spec) => serviceProbe(spec, cfg, docker, clock));
}
