import { STATUS_CODES } from 'node:http';
import type { Localized } from '../../core/i18n/index.js';
import { Redactor } from '../../core/redact.js';
import { describeFailure, L, truncate, worst } from '../run-probe.js';
import type { Finding, Probe, ProbeResult } from '../types.js';
import type { HttpProbeConfig, HttpTarget } from './config.js';
import { readBoundedBody, type BoundedBody } from './read-body.js';

/** Most of a body the probe reads (for `contains` and the evidence snippet). */
export const BODY_MAX_BYTES = 64 * 1024;
/** Most of a body shown in the detail when something is wrong. */
const SNIPPET_MAX = 500;
/** Gateway errors: Nginx is up but its upstream (the backend containers) is not answering. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

type RunResult = Omit<ProbeResult, 'durationMs'>;

/** What the probe measured for one request. */
export interface Exchange {
  status: number;
  location: string | null;
  headersMs: number;
  totalMs: number;
  body: BoundedBody;
}

const statusText = (status: number): string => `${status} ${STATUS_CODES[status] ?? ''}`.trim();

function statusFinding(t: HttpTarget, x: Exchange): Finding {
  const got = statusText(x.status);
  if (t.expectStatus.includes(x.status)) return { verdict: 'ok', text: L(`HTTP ${got}`, `HTTP ${got}`) };
  const expected = t.expectStatus.join('/');
  if (GATEWAY_STATUSES.has(x.status)) {
    return {
      verdict: 'crit',
      text: L(
        `HTTP ${got}: the gateway (Nginx) is up but got no good answer from the backend; ` +
          'check the backend containers with /check docker backend (manual 2.8)',
        `HTTP ${got}：网关（Nginx）在运行，但后端没有正常响应；请用 /check docker backend 检查后端容器（手册 2.8）`,
      ),
    };
  }
  if (x.status >= 300 && x.status < 400) {
    const to = x.location ?? '?';
    return {
      verdict: 'crit',
      text: L(
        `HTTP ${got}, expected ${expected}: redirects to ${to} (not followed; add ${x.status} to expectStatus if intended)`,
        `HTTP ${got}，预期 ${expected}：重定向到 ${to}（未跟随；如属正常请把 ${x.status} 加入 expectStatus）`,
      ),
    };
  }
  return { verdict: 'crit', text: L(`HTTP ${got}, expected ${expected}`, `HTTP ${got}，预期 ${expected}`) };
}

function timingFinding(t: HttpTarget, x: Exchange): Finding {
  const ms = Math.round(x.totalMs);
  const hint = L(
    'check backend logs (/logs backend) and slow queries (/check mysql); manual 2.4',
    '请检查后端日志（/logs backend）和慢查询（/check mysql）；见手册 2.4',
  );
  if (t.critMs !== undefined && x.totalMs > t.critMs) {
    return { verdict: 'crit', text: L(`very slow: ${ms} ms (crit above ${t.critMs} ms); ${hint.en}`, `响应极慢：${ms} ms（超过 ${t.critMs} ms 为严重）；${hint['zh-CN']}`) };
  }
  if (x.totalMs > t.slowMs) {
    return { verdict: 'warn', text: L(`slow: ${ms} ms (warn above ${t.slowMs} ms); ${hint.en}`, `响应缓慢：${ms} ms（超过 ${t.slowMs} ms 告警）；${hint['zh-CN']}`) };
  }
  return { verdict: 'ok', text: L(`answered in ${ms} ms`, `${ms} ms 内响应`) };
}

/**
 * Judges one exchange: the status (an unexpected one is `crit`), the total time (`crit` above
 * `critMs`, `warn` above `slowMs`, strictly) and the `contains` check. Pure.
 */
export function assessExchange(t: HttpTarget, x: Exchange): Finding[] {
  return [statusFinding(t, x), timingFinding(t, x), ...bodyFinding(t, x)];
}

function bodyFinding(t: HttpTarget, x: Exchange): Finding[] {
  if (t.contains === undefined || x.body.text.includes(t.contains)) return [];
  const where = x.body.cut ? `the first ${BODY_MAX_BYTES / 1024} KiB of the body` : 'the body';
  const whereZh = x.body.cut ? `响应体前 ${BODY_MAX_BYTES / 1024} KiB` : '响应体';
  return [{ verdict: 'crit', text: L(`${where} does not contain \`${t.contains}\``, `${whereZh}不包含 \`${t.contains}\``) }];
}

function detailText(t: HttpTarget, x: Exchange, showBody: boolean): string {
  const lines = [
    `${t.method} ${t.url}`,
    ...(t.headers ? [`headers sent: ${Object.keys(t.headers).join(', ')}`] : []),
    `http_code ${x.status} · time_starttransfer ${(x.headersMs / 1000).toFixed(3)} s · time_total ${(x.totalMs / 1000).toFixed(3)} s · ` +
      `${x.body.bytes} bytes read${x.body.cut ? ' (limit reached)' : ''}`,
    ...(x.location ? [`location: ${x.location}`] : []),
    ...(showBody && x.body.text ? ['body:', truncate(x.body.text, SNIPPET_MAX)] : []),
  ];
  return lines.join('\n');
}

/** Explains a failed fetch: undici wraps the socket error (refused, DNS, reset) in `cause`. */
function fetchFailure(err: unknown, redact: (s: string) => string): Finding {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'UND_ERR_SOCKET') return describeFailure({ code: 'ECONNRESET', message: cause.message }, redact);
  if (cause?.code) return describeFailure(cause, redact);
  const message = [(err as Error).message, cause?.message].filter(Boolean).join(': ');
  return describeFailure({ message }, redact);
}

/** Redacts the target's header values (tokens) on top of the context's redaction. */
function headerRedactor(t: HttpTarget, redact: (s: string) => string): (s: string) => string {
  const secrets = new Redactor().add(...Object.values(t.headers ?? {}));
  return (s) => secrets.redact(redact(s));
}

async function exchange(t: HttpTarget, signal: AbortSignal): Promise<Exchange> {
  const started = performance.now();
  const res = await fetch(t.url, { method: t.method, headers: t.headers, redirect: 'manual', signal });
  const headersMs = performance.now() - started;
  const body = await readBoundedBody(res, BODY_MAX_BYTES);
  return { status: res.status, location: res.headers.get('location'), headersMs, totalMs: performance.now() - started, body };
}

/** A probe of one configured URL: status, total time and optionally a body substring. */
function targetProbe(t: HttpTarget): Probe {
  const base = { probe: 'http', target: `http ${t.name}` };
  return {
    ...base,
    async run(ctx): Promise<RunResult> {
      const redact = headerRedactor(t, ctx.redact);
      let x: Exchange;
      try {
        x = await exchange(t, ctx.signal);
      } catch (err) {
        const f = fetchFailure(err, redact);
        return { ...base, verdict: f.verdict, summary: f.text, findings: [f], detail: redact(`${t.method} ${t.url}`) };
      }
      const findings = assessExchange(t, x);
      const verdict = worst(findings.map((f) => f.verdict));
      const ms = Math.round(x.totalMs);
      const summary =
        verdict === 'ok'
          ? L(`${statusText(x.status)} in ${ms} ms`, `${statusText(x.status)}，耗时 ${ms} ms`)
          : (findings.find((f) => f.verdict === verdict) ?? findings[0]!).text;
      const redactL = (l: Localized): Localized => L(redact(l.en), redact(l['zh-CN']));
      return {
        ...base,
        verdict,
        summary: redactL(summary),
        findings: findings.map((f) => ({ verdict: f.verdict, text: redactL(f.text) })),
        detail: redact(detailText(t, x, verdict !== 'ok')),
      };
    },
  };
}

/** The single row shown when no target is configured: a `warn`, since nothing was checked. */
function unconfiguredProbe(): Probe {
  const text = L(
    'no HTTP targets configured: add probes.http.targets',
    '未配置 HTTP 检查目标：请在 probes.http.targets 中添加',
  );
  return {
    probe: 'http',
    target: 'http',
    run: async () => ({ probe: 'http', target: 'http', verdict: 'warn', summary: text, findings: [{ verdict: 'warn', text }] }),
  };
}

/**
 * One probe per configured target (manual 2.4 response time, 2.8 Nginx 502), each a single
 * request with Node's fetch that is aborted with the probe, never follows a redirect and reads at
 * most 64 KiB of the body. Header values are redacted from every result. With no targets, one
 * probe that says how to configure them.
 */
export function httpProbes(cfg: HttpProbeConfig): Probe[] {
  return cfg.targets.length ? cfg.targets.map(targetProbe) : [unconfiguredProbe()];
}
