import type { HttpResponse, HttpServer } from '../runtime/http-server.js';
import { bearerAllows } from './bearer.js';
import type { AppMetrics } from './metrics-port.js';
import { readiness, type ReadinessDeps } from './readiness.js';

/** What the service routes need. */
export interface ServiceRouteDeps extends ReadinessDeps {
  metrics: AppMetrics;
  /** `http.token`: when set, `/readyz` and `/metrics` need `Authorization: Bearer <token>`. */
  token?: string;
  /** Redacts what a route writes (store locations, platform details). */
  redact(text: string): string;
}

const UNAUTHORIZED: HttpResponse = { status: 401, headers: { 'www-authenticate': 'Bearer realm="zhiban"' }, body: 'unauthorized: send Authorization: Bearer <http.token>\n' };

/**
 * `GET /healthz`: 200 while the process serves HTTP. `GET /readyz`: 200 `ready` when every
 * readiness check passes, else 503 with one line per check (what is wrong). `GET /metrics`:
 * Prometheus text. The last two need the bearer token when `http.token` is set.
 */
export function addServiceRoutes(http: HttpServer, deps: ServiceRouteDeps): void {
  http.route('GET', '/healthz', async () => ({ status: 200, body: 'ok\n' }));
  http.route('GET', '/readyz', async (req) => {
    if (!bearerAllows(deps.token, req.headers)) return UNAUTHORIZED;
    const checks = await readiness(deps);
    const ready = checks.every((c) => c.ok);
    const lines = checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    return { status: ready ? 200 : 503, body: deps.redact(`${ready ? 'ready' : 'not ready'}\n${lines.join('\n')}\n`) };
  });
  http.route('GET', '/metrics', async (req) => {
    if (!bearerAllows(deps.token, req.headers)) return UNAUTHORIZED;
    const { contentType, body } = await deps.metrics.render();
    return { status: 200, headers: { 'content-type': contentType }, body };
  });
}
