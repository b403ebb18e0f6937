import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { runProbe, wallClock } from '../../src/probes/run-probe.js';
import { assessHandshake } from '../../src/probes/tls/assess.js';
import { tlsProbeConfigSchema } from '../../src/probes/tls/config.js';
import type { Handshake } from '../../src/probes/tls/handshake.js';
import { tlsProbes } from '../../src/probes/tls/probe.js';
import type { ProbeResult } from '../../src/probes/types.js';
import { closedPort, startSilentListener, type Fixture } from '../support/net-fixtures.js';
import { startTlsServer, TestCa, type Issued } from '../support/test-certs.js';

const DAY = 86_400_000;
const now = Date.now();
const fixtures: Fixture[] = [];
let ca: TestCa;
let valid: Issued;

beforeAll(() => {
  ca = new TestCa();
  valid = ca.issue('localhost', now - DAY, now + 90 * DAY);
});
afterAll(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function serve(issued: Issued): Promise<number> {
  const f = await startTlsServer(issued);
  fixtures.push(f);
  return f.port;
}

/** Probes one endpoint named `api`; `clock` is the probe's wall clock (days to expiry are counted on it). */
async function probe(target: Record<string, unknown>, clock = wallClock, timeoutMs = 3000): Promise<ProbeResult> {
  const [p] = tlsProbes(tlsProbeConfigSchema.parse({ targets: [{ name: 'api', ...target }] }));
  return runProbe(p!, timeoutMs, (s) => s, clock);
}

const texts = (r: ProbeResult): string => r.findings.map((f) => `${f.verdict}: ${f.text.en}`).join('\n');

describe('tls probe (manual 2.9) against local HTTPS servers', () => {
  it('a certificate of a trusted CA for the right name, far from expiry: ok, with the TLS version and days left', async () => {
    const port = await serve(valid);
    const r = await probe({ url: `https://localhost:${port}/api`, ca: ca.caFile });
    expect(r.verdict, texts(r)).toBe('ok');
    expect(r.target).toBe('tls api');
    expect(r.summary.en).toMatch(/^certificate expires in (89|90) days/);
    expect(texts(r)).toContain('ok: localhost resolves to 127.0.0.1');
    expect(texts(r)).toContain('ok: certificate chain verifies (issuer CN=zhiban test CA)');
    expect(texts(r)).toContain('ok: certificate matches localhost');
    expect(texts(r)).toMatch(/ok: negotiated TLSv1\.[23]/);
    expect(r.summary['zh-CN']).toMatch(/^证书 (89|90) 天后过期/);
    expect(r.detail).toContain('subjectAltName DNS:localhost');
  });

  it('the same server without the private CA configured: the chain does not verify (crit)', async () => {
    const port = await serve(valid);
    const r = await probe({ url: `https://localhost:${port}/` });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toContain('certificate chain does not verify (UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
    expect(texts(r)).toContain('or set ca for a private CA');
    expect(texts(r)).toContain('合法域名');
  });

  it('an expired certificate: crit, expired on its date', async () => {
    const expired = ca.issue('localhost', now - 60 * DAY, now - 2 * DAY);
    const port = await serve(expired);
    const r = await probe({ url: `https://localhost:${port}/`, ca: ca.caFile });
    expect(r.verdict).toBe('crit');
    expect(texts(r)).toContain('certificate chain does not verify (CERT_HAS_EXPIRED): the certificate has expired');
    expect(texts(r)).toMatch(/crit: certificate expired on \d{4}-\d\d-\d\dT/);
  });

  it('a certificate for another host name: crit, naming what it is for', async () => {
    const port = await serve(ca.issue('wrong.example.test', now - DAY, now + 90 * DAY));
    const r = await probe({ url: `https://localhost:${port}/`, ca: ca.caFile });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toBe('certificate does not match localhost (it is for DNS:wrong.example.test): install the certificate of this domain');
    expect(texts(r)).toContain('ok: certificate chain verifies');
  });

  it('a self-signed certificate: crit, phones reject it', async () => {
    const port = await serve(ca.selfSigned('localhost'));
    const r = await probe({ url: `https://localhost:${port}/`, ca: ca.caFile });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toContain('(DEPTH_ZERO_SELF_SIGNED_CERT): self-signed: phones reject it');
  });

  it('counts days to expiry on the clock: warn under 30 days, crit under 7', async () => {
    const port = await serve(valid);
    const validTo = now + 90 * DAY;
    const warn = await probe({ url: `https://localhost:${port}/`, ca: ca.caFile }, new FakeClock(validTo - 20 * DAY - 1000));
    expect(warn.verdict).toBe('warn');
    expect(warn.summary.en).toMatch(/^certificate expires in 20 days \(.*\): plan the renewal \(warn under 30 days\)$/);
    const crit = await probe({ url: `https://localhost:${port}/`, ca: ca.caFile, warnDays: 40, critDays: 10 }, new FakeClock(validTo - 8 * DAY));
    expect(crit.verdict).toBe('crit');
    expect(crit.summary.en).toContain('renew it now (crit under 10 days)');
  });

  it('an http:// API base URL is crit: the mini-program calls only HTTPS', async () => {
    const r = await probe({ url: `http://localhost:${await closedPort()}/` });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toContain('is not HTTPS: the mini-program only calls https:// URLs');
    expect(texts(r)).toContain('ok: localhost resolves to');
  });

  it('a name that does not resolve, a refused port, a missing CA file: each a clear verdict', async () => {
    const dns = await probe({ url: 'https://zhiban-nowhere.invalid/' });
    expect(dns.verdict).toBe('crit');
    expect(dns.summary.en).toMatch(/^zhiban-nowhere\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN)\)/);
    const refused = await probe({ url: `https://127.0.0.1:${await closedPort()}/` });
    expect(refused.verdict).toBe('crit');
    expect(refused.summary.en).toContain('connection refused');
    const noCa = await probe({ url: `https://localhost:${await closedPort()}/`, ca: '/nonexistent/zhiban-ca.pem' });
    expect(noCa.verdict).toBe('error');
    expect(noCa.summary.en).toBe('cannot read the CA file /nonexistent/zhiban-ca.pem (ENOENT): fix ca in probes.tls');
  });

  it('a server that accepts and never answers the handshake: timeout on time, socket closed', async () => {
    const silent = await startSilentListener();
    fixtures.push(silent);
    const r = await probe({ url: `https://localhost:${silent.port}/` }, wallClock, 300);
    expect(r.verdict).toBe('timeout');
    expect(r.summary.en).toBe('no answer within 0.3 s');
    await expect.poll(() => silent.openSockets()).toBe(0);
  });

  it('says how to configure endpoints when there are none; bad configs are refused', async () => {
    const [p] = tlsProbes(tlsProbeConfigSchema.parse({}));
    const r = await runProbe(p!, 1000, (s) => s);
    expect(r).toMatchObject({ target: 'tls', verdict: 'warn' });
    expect(r.summary.en).toContain('add probes.tls.targets');
    for (const t of [{ name: 'a', url: 'ftp://x/' }, { name: 'a', url: 'https://u:p@x/' }, { name: 'a', url: 'https://x/', warnDays: 5, critDays: 7 }]) {
      expect(tlsProbeConfigSchema.safeParse({ targets: [t] }).success, JSON.stringify(t)).toBe(false);
    }
  });
});

describe('tls assessment', () => {
  it('an old protocol is crit: the mini-program needs TLS 1.2 or later', () => {
    const t = tlsProbeConfigSchema.parse({ targets: [{ name: 'a', url: 'https://x/' }] }).targets[0]!;
    const h: Handshake = { addresses: ['10.0.0.1'], protocol: 'TLSv1', chainError: null, hostnameError: null, subject: 'CN=x', issuer: 'CN=ca', altNames: 'DNS:x', validFrom: 0, validTo: now + 100 * DAY };
    const f = assessHandshake(t, 'x', h, now);
    expect(f.at(-1)).toEqual({ verdict: 'crit', text: expect.objectContaining({ en: expect.stringContaining('negotiated TLSv1: the mini-program needs TLS 1.2 or later') }) });
  });
});
