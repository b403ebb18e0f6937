import type { Config } from '../config/schema.js';
import type { ChatAdapter } from '../runtime/chat-adapter.js';

/** Where zhiban's one HTTP server listens. */
export interface HttpPlan {
  port: number;
  host?: string;
}

/** Port of zhiban's HTTP server when nothing else says. */
export const DEFAULT_HTTP_PORT = 8080;

/**
 * Whether and where `zhiban start` serves HTTP: when the config has an `http:` section, when
 * `publicUrl` is set (ack links) or `alerts:` (alert intake), or when a platform receives over
 * HTTP (Slack HTTP mode);
 * otherwise undefined. The port is ZHIBAN_HTTP_PORT, else `http.port`, else the platform's own
 * (Slack: `PORT`), else 8080. Throws a plain Error naming the variable when it is not a port.
 */
export function httpPlan(config: Config, env: NodeJS.ProcessEnv, adapters: ChatAdapter[]): HttpPlan | undefined {
  const platformPort = adapters.find((a) => a.httpPort !== undefined)?.httpPort;
  if (!config.http && !config.publicUrl && !config.alerts && platformPort === undefined) return undefined;
  const fromEnv = env.ZHIBAN_HTTP_PORT?.trim();
  const port = fromEnv ? Number(fromEnv) : (config.http?.port ?? platformPort ?? DEFAULT_HTTP_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`ZHIBAN_HTTP_PORT must be a port number (0-65535), got "${fromEnv}".`);
  return { port, ...(config.http?.host ? { host: config.http.host } : {}) };
}
