import type { Clock } from '../core/clock.js';
import { L, type Localized } from '../core/i18n/index.js';
import type { Verdict } from '../core/reply.js';
import { verdictRank } from '../core/verdict.js';
import type { Finding, Probe, ProbeResult } from './types.js';

export { worst } from '../core/verdict.js';
export { L } from '../core/i18n/index.js';

/** Sorts findings worst first, keeping the original order among equals. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => verdictRank(b.f.verdict) - verdictRank(a.f.verdict) || a.i - b.i)
    .map(({ f }) => f);
}

/**
 * Explains a connection-level failure (refused, DNS, auth, reset) in both languages, with the
 * verdict it deserves: a target that is down or unreachable is `crit`; a local failure is `error`.
 */
export function describeFailure(err: unknown, redact: (s: string) => string): { verdict: Verdict; text: Localized } {
  const e = err as { code?: string; errno?: string | number; message?: string };
  const code = String(e?.code ?? '');
  const msg = redact(String(e?.message ?? err)).slice(0, 300);
  switch (code) {
    case 'ECONNREFUSED':
      return { verdict: 'crit', text: L(`connection refused (${msg})`, `连接被拒绝（${msg}）`) };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { verdict: 'crit', text: L(`host name not found (${msg})`, `域名解析失败（${msg}）`) };
    case 'ECONNRESET':
    case 'EPIPE':
      return { verdict: 'crit', text: L(`connection reset (${msg})`, `连接被重置（${msg}）`) };
    case 'ENOENT':
      return { verdict: 'crit', text: L(`socket not found (${msg})`, `套接字不存在（${msg}）`) };
    case 'EACCES':
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return { verdict: 'crit', text: L(`access denied (${msg})`, `认证失败/拒绝访问（${msg}）`) };
    default:
      if (/NOAUTH|WRONGPASS|invalid password|Access denied/i.test(msg)) {
        return { verdict: 'crit', text: L(`authentication failed (${msg})`, `认证失败（${msg}）`) };
      }
      return { verdict: 'error', text: L(`probe failed: ${msg}`, `检查失败：${msg}`) };
  }
}

/** The wall clock, for callers outside the app (tests, benchmarks); the app passes its own Clock. */
export const wallClock: Clock = { now: () => Date.now() };

/**
 * Runs one probe with a hard deadline. Never throws and never takes (much) longer than
 * `timeoutMs`: when time is up the probe's signal is aborted and a `timeout` result is returned
 * at once, whatever the probe is still doing. Everything in the result is redacted again here.
 * The probe reads wall-clock time from `clock`; its duration is measured on the monotonic timer.
 */
export async function runProbe(
  probe: Probe,
  timeoutMs: number,
  redact: (s: string) => string,
  clock: Clock = wallClock,
): Promise<ProbeResult> {
  const now = (): number => performance.now();
  const started = now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  const base = { probe: probe.probe, target: probe.target };
  try {
    const outcome = await Promise.race([
      probe.run({ signal: controller.signal, timeoutMs, redact, clock }).then(
        (r) => ({ r }),
        (err: unknown) => ({ err }),
      ),
      deadline,
    ]);
    const durationMs = Math.round(now() - started);
    if (outcome === 'timeout') {
      const secs = (timeoutMs / 1000).toFixed(1);
      return {
        ...base,
        verdict: 'timeout',
        summary: L(`no answer within ${secs} s`, `${secs} 秒内无响应`),
        findings: [{ verdict: 'timeout', text: L(`no answer within ${secs} s`, `${secs} 秒内无响应`) }],
        durationMs,
      };
    }
    if ('err' in outcome) {
      const f = describeFailure(outcome.err, redact);
      return { ...base, verdict: f.verdict, summary: f.text, findings: [f], durationMs };
    }
    const r = outcome.r;
    return {
      ...r,
      summary: { en: redact(r.summary.en), 'zh-CN': redact(r.summary['zh-CN']) },
      findings: sortFindings(r.findings).map((f) => ({
        verdict: f.verdict,
        text: { en: redact(f.text.en), 'zh-CN': redact(f.text['zh-CN']) },
      })),
      ...(r.detail !== undefined ? { detail: redact(r.detail) } : {}),
      durationMs,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Cuts `text` to at most `max` characters, ending with a visible marker when it was cut. */
export function truncate(text: string, max: number, marker = '… [truncated]'): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - marker.length)) + marker;
}
