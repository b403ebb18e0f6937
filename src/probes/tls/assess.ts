import { isoSeconds } from '../format.js';
import { L } from '../run-probe.js';
import type { Finding } from '../types.js';
import type { TlsTarget } from './config.js';
import type { Handshake } from './handshake.js';

const DAY_MS = 86_400_000;
/** Protocols the WeChat mini-program accepts (it requires TLS 1.2 or later). */
const MODERN = new Set(['TLSv1.2', 'TLSv1.3']);

/** What to do about a chain that does not verify, by OpenSSL's reason code. */
function chainHint(code: string): { en: string; zh: string } {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return { en: 'the certificate has expired: renew it and reload Nginx', zh: '证书已过期：请续期并重载 Nginx' };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return { en: 'self-signed: phones reject it; install a certificate from a public CA', zh: '自签名证书：手机会拒绝；请安装公共 CA 签发的证书' };
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return {
        en: 'the issuer is not trusted or the intermediate certificate is missing: serve the full chain (fullchain.pem), or set ca for a private CA',
        zh: '签发者不受信任或缺少中间证书：请配置完整证书链（fullchain.pem），私有 CA 请配置 ca',
      };
    case 'CERT_NOT_YET_VALID':
      return { en: 'not valid yet: check the server clock and the certificate dates', zh: '证书尚未生效：请检查服务器时间和证书日期' };
    default:
      return { en: 'check the certificate chain Nginx serves', zh: '请检查 Nginx 提供的证书链' };
  }
}

/** The chain finding: ok, or crit with OpenSSL's code and what to do. */
function chainFinding(h: Handshake): Finding {
  if (h.chainError === null) return { verdict: 'ok', text: L(`certificate chain verifies (issuer ${h.issuer})`, `证书链校验通过（签发者 ${h.issuer}）`) };
  const hint = chainHint(h.chainError);
  return { verdict: 'crit', text: L(`certificate chain does not verify (${h.chainError}): ${hint.en}`, `证书链校验失败（${h.chainError}）：${hint.zh}`) };
}

function hostnameFinding(host: string, h: Handshake): Finding {
  if (h.hostnameError === null) return { verdict: 'ok', text: L(`certificate matches ${host}`, `证书与域名 ${host} 匹配`) };
  return {
    verdict: 'crit',
    text: L(
      `certificate does not match ${host} (it is for ${h.altNames}): install the certificate of this domain`,
      `证书与域名 ${host} 不匹配（证书适用于 ${h.altNames}）：请安装该域名的证书`,
    ),
  };
}

/** Days left before `validTo`, rounded down (negative once expired). */
export function daysLeft(validTo: number, now: number): number {
  return Math.floor((validTo - now) / DAY_MS);
}

/** Expiry: crit when expired or fewer than `critDays` left, warn under `warnDays`. */
export function expiryFinding(t: Pick<TlsTarget, 'warnDays' | 'critDays'>, validTo: number, now: number): Finding {
  const days = daysLeft(validTo, now);
  const when = isoSeconds(validTo);
  if (validTo <= now) return { verdict: 'crit', text: L(`certificate expired on ${when}: renew it now`, `证书已于 ${when} 过期：请立即续期`) };
  const text = L(`certificate expires in ${days} days (${when})`, `证书 ${days} 天后过期（${when}）`);
  if (days < t.critDays) return { verdict: 'crit', text: L(`${text.en}: renew it now (crit under ${t.critDays} days)`, `${text['zh-CN']}：请立即续期（少于 ${t.critDays} 天为严重）`) };
  if (days < t.warnDays) return { verdict: 'warn', text: L(`${text.en}: plan the renewal (warn under ${t.warnDays} days)`, `${text['zh-CN']}：请安排续期（少于 ${t.warnDays} 天告警）`) };
  return { verdict: 'ok', text };
}

function protocolFinding(h: Handshake): Finding {
  const p = h.protocol ?? 'unknown';
  if (MODERN.has(p)) return { verdict: 'ok', text: L(`negotiated ${p}`, `协商协议 ${p}`) };
  return {
    verdict: 'crit',
    text: L(`negotiated ${p}: the mini-program needs TLS 1.2 or later; enable TLSv1.2/TLSv1.3 in ssl_protocols`, `协商协议 ${p}：小程序要求 TLS 1.2 及以上；请在 ssl_protocols 中启用 TLSv1.2/TLSv1.3`),
  };
}

/**
 * Judges one handshake with `host` at time `now`: DNS (ok, it resolved), chain, hostname, expiry
 * and protocol, in that order. Pure.
 */
export function assessHandshake(t: TlsTarget, host: string, h: Handshake, now: number): Finding[] {
  return [
    { verdict: 'ok', text: L(`${host} resolves to ${h.addresses.join(', ')}`, `${host} 解析到 ${h.addresses.join('、')}`) },
    chainFinding(h),
    hostnameFinding(host, h),
    expiryFinding(t, h.validTo, now),
    protocolFinding(h),
  ];
}
