import { lookup } from 'node:dns/promises';
import { isoSeconds } from '../format.js';
import { describeFailure, L, worst } from '../run-probe.js';
import type { Finding, Probe, ProbeResult } from '../types.js';
import { assessHandshake } from './assess.js';
import type { TlsProbeConfig, TlsTarget } from './config.js';
import { CaFileFailure, DnsFailure, tlsHandshake, type Handshake } from './handshake.js';

type RunResult = Omit<ProbeResult, 'durationMs'>;

const HINT = L(
  'see manual 2.9: the mini-program also needs this domain in its request whitelist (合法域名)',
  '见手册 2.9：小程序后台的 request 合法域名中也必须有该域名',
);

function detailText(t: TlsTarget, h: Handshake): string {
  return [
    `${t.url}`,
    `addresses ${h.addresses.join(', ')} · protocol ${h.protocol ?? '?'}`,
    `subject ${h.subject}`,
    `issuer ${h.issuer}`,
    `subjectAltName ${h.altNames}`,
    `valid ${isoSeconds(h.validFrom)} → ${isoSeconds(h.validTo)}`,
    ...(h.chainError ? [`verify error ${h.chainError}`] : []),
    ...(h.hostnameError ? [`hostname ${h.hostnameError}`] : []),
  ].join('\n');
}

/** Why the probe could not look, as one finding. */
function failure(err: unknown, host: string, redact: (s: string) => string): Finding {
  if (err instanceof DnsFailure) {
    return { verdict: 'crit', text: L(`${host} does not resolve (${err.code}): check the DNS records of the domain`, `${host} 无法解析（${err.code}）：请检查域名的 DNS 记录`) };
  }
  if (err instanceof CaFileFailure) {
    return { verdict: 'error', text: L(`cannot read the CA file ${err.file} (${err.code}): fix ca in probes.tls`, `无法读取 CA 文件 ${err.file}（${err.code}）：请修正 probes.tls 中的 ca`) };
  }
  return describeFailure(err, redact);
}

/** An `http://` endpoint: resolved, but judged crit because the mini-program calls only HTTPS. */
async function plainHttp(t: TlsTarget, host: string): Promise<Finding[]> {
  const notHttps: Finding = {
    verdict: 'crit',
    text: L(`${t.url} is not HTTPS: the mini-program only calls https:// URLs; set API_BASE_URL to https://`, `${t.url} 不是 HTTPS：小程序只能请求 https:// 地址；请把 API_BASE_URL 改为 https://`),
  };
  try {
    const all = await lookup(host, { all: true });
    return [notHttps, { verdict: 'ok', text: L(`${host} resolves to ${all.map((a) => a.address).join(', ')}`, `${host} 解析到 ${all.map((a) => a.address).join('、')}`) }];
  } catch (err) {
    return [notHttps, failure(new DnsFailure(host, String((err as { code?: string }).code ?? 'lookup failed')), host, String)];
  }
}

function result(base: { probe: string; target: string }, findings: Finding[], detail?: string): RunResult {
  const verdict = worst(findings.map((f) => f.verdict));
  const summary = verdict === 'ok' ? findings.find((f) => /expires/.test(f.text.en))!.text : findings.find((f) => f.verdict === verdict)!.text;
  const hinted = verdict === 'ok' ? findings : [...findings, { verdict, text: HINT }];
  return { ...base, verdict, summary, findings: hinted, ...(detail !== undefined ? { detail } : {}) };
}

/** The probe of one endpoint: one DNS lookup and one TLS handshake, aborted with the probe. */
function targetProbe(t: TlsTarget): Probe {
  const base = { probe: 'tls', target: `tls ${t.name}` };
  const url = new URL(t.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return {
    ...base,
    async run(ctx): Promise<RunResult> {
      if (url.protocol === 'http:') return result(base, await plainHttp(t, host), t.url);
      try {
        const h = await tlsHandshake(host, Number(url.port || 443), t.ca, ctx.signal);
        return result(base, assessHandshake(t, host, h, ctx.clock.now()), ctx.redact(detailText(t, h)));
      } catch (err) {
        const f = failure(err, host, ctx.redact);
        return { ...base, verdict: f.verdict, summary: f.text, findings: [f], detail: ctx.redact(t.url) };
      }
    },
  };
}

/** The single row shown when no endpoint is configured: a `warn`, since nothing was checked. */
function unconfiguredProbe(): Probe {
  const text = L('no TLS endpoints configured: add probes.tls.targets (the mini-program API_BASE_URL)', '未配置 TLS 检查目标：请在 probes.tls.targets 中添加（小程序的 API_BASE_URL）');
  return { probe: 'tls', target: 'tls', run: async () => ({ probe: 'tls', target: 'tls', verdict: 'warn', summary: text, findings: [{ verdict: 'warn', text }] }) };
}

/**
 * One probe per configured endpoint (manual 2.9): the host name resolves, the URL is HTTPS, the
 * certificate chain verifies (system roots plus `ca`), it matches the host name, how many days
 * until it expires (warn under `warnDays`, crit under `critDays` or expired) and the negotiated
 * TLS version (1.2 or later). Days are counted on the probe's clock. With no endpoints, one probe
 * that says how to configure them.
 */
export function tlsProbes(cfg: TlsProbeConfig): Probe[] {
  return cfg.targets.length ? cfg.targets.map(targetProbe) : [unconfiguredProbe()];
}
