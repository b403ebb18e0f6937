import type Docker from 'dockerode';
import { z } from 'zod';
import { lazyModule } from '../lazy-module.js';

const dockerode = lazyModule<typeof import('dockerode')>('dockerode');

/** How one service's containers are found: exact container names and/or a compose service label. */
export const serviceSpecSchema = z.strictObject({
  /** Exact container names (`mall_backend_1`), without the leading slash. */
  containers: z.array(z.string().min(1)).min(1).optional(),
  /** Value of the `com.docker.compose.service` label (`backend`). */
  compose: z.string().min(1).optional(),
  /** Fewer running, not-unhealthy containers than this makes the service `crit`. */
  minHealthy: z.number().int().min(0).default(1),
});

/**
 * Config of the Docker probe, mounted at `probes.docker`. When `services` is empty every
 * container on the engine is its own service (named by its compose service label, else its
 * name). A service with neither `containers` nor `compose` matches the compose service of its
 * own name. Mount it with `.prefault({})` so the inner defaults apply to a missing section.
 */
export const dockerProbeConfigSchema = z.strictObject({
  /** Unix socket of the engine; wins over `host` and DOCKER_HOST. */
  socketPath: z.string().min(1).optional(),
  /** DOCKER_HOST-style address: unix:///path, tcp://host:port, http(s)://host:port. */
  host: z
    .string()
    .regex(/^(unix|tcp|https?):\/\/./, 'expected unix:///path, tcp://host:port or https://host:port')
    .optional(),
  services: z
    .record(z.string().regex(/^\w[\w.-]*$/, 'service names use letters, digits, _ . -'), serviceSpecSchema)
    .default({}),
  /** A container restarted this many times (or more) makes its service `warn`. */
  restartWarn: z.number().int().min(1).default(3),
});

/** Parsed `probes.docker` config. */
export type DockerProbeConfig = z.infer<typeof dockerProbeConfigSchema>;
/** Parsed config of one service. */
export type ServiceConfig = z.infer<typeof serviceSpecSchema>;

/** Where the engine is; the default socket is used when neither config nor environment names one. */
export type EngineEndpoint =
  | { socketPath: string }
  | { protocol: 'http' | 'https'; host: string; port: number };

/** Default engine socket of a Linux host. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/**
 * Resolves the engine address: `socketPath`, else `host`, else env DOCKER_HOST, else the default
 * socket. Throws an Error naming the bad value when an address is not unix/tcp/http(s).
 */
export function engineEndpoint(
  cfg: Pick<DockerProbeConfig, 'socketPath' | 'host'>,
  env: NodeJS.ProcessEnv = process.env,
): EngineEndpoint {
  if (cfg.socketPath) return { socketPath: cfg.socketPath };
  const address = cfg.host ?? env.DOCKER_HOST;
  if (!address) return { socketPath: DEFAULT_DOCKER_SOCKET };
  const url = URL.canParse(address) ? new URL(address) : undefined;
  if (url?.protocol === 'unix:' && url.pathname) return { socketPath: url.pathname };
  if (url && url.hostname && ['tcp:', 'http:', 'https:'].includes(url.protocol)) {
    const protocol = url.protocol === 'https:' ? 'https' : 'http';
    const port = url.port ? Number(url.port) : protocol === 'https' ? 2376 : 2375;
    return { protocol, host: url.hostname, port };
  }
  throw new Error(`unsupported Docker address "${address}": use unix:///path/to/docker.sock or tcp://host:port`);
}

/** A dockerode client for the configured engine (see `engineEndpoint` for precedence). */
export function createDockerClient(
  cfg: Pick<DockerProbeConfig, 'socketPath' | 'host'>,
  env: NodeJS.ProcessEnv = process.env,
): Docker {
  const Client = dockerode();
  return new Client(engineEndpoint(cfg, env));
}

/** The address a dockerode client talks to, for messages (`unix:///…` or `tcp://host:port`). */
export function clientAddress(docker: Docker): string {
  const modem = docker.modem as { socketPath?: string; host?: string; port?: number | string; protocol?: string };
  if (modem.socketPath) return `unix://${modem.socketPath}`;
  return `${modem.protocol === 'https' ? 'https' : 'tcp'}://${modem.host ?? 'localhost'}:${modem.port ?? ''}`;
}
