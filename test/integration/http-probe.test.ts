import { afterEach, describe, expect, it } from 'vitest';
import { httpProbeConfigSchema } from '../../src/probes/http/config.js';
import { httpProbes } from '../../src/probes/http/probe.js';
import { runProbe } from '../../src/probes/run-probe.js';
import type { ProbeResult } from '../../src/probes/types.js';
import { closedPort, startHttpServer, type Fixture, type HttpAnswer, type HttpFixture } from '../support/net-fixtures.js';

/** No redaction by the runner: whatever stays secret, the probe kept secret itself. */
const noRedact = (s: string): string => s;
const fixtures: Fixture[] = [];

afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function server(answer: HttpAnswer): Promise<HttpFixture> {
  const s = await startHttpServer(answer);
  fixtures.push(s);
  return s;
}

/** Probes one target (named `web`) with the given settings. */
async function probe(target: Record<string, unknown>, timeoutMs = 2000): Promise<ProbeResult> {
  const cfg = httpProbeConfigSchema.parse({ targets: [{ name: 'web', ...target }] });
  const [p] = httpProbes(cfg);
  if (!p) throw new Error('no probe built');
  return runProbe(p, timeoutMs, noRedact);
}


describe('http probe config', () => {
  it('has no targets on a fresh machine and fills target defaults', () => {
    expect(httpProbeConfigSchema.parse(undefined)).toEqual({ targets: [] });
    expect(httpProbeConfigSchema.parse({ targets: [{ name: 'api', url: 'http://127.0.0.1/health' }] })).toEqual({
      targets: [{ name: 'api', url: 'http://127.0.0.1/health', method: 'GET', expectStatus: [200], slowMs: 1000 }],
    });
  });

  it('refuses configs that could not work or would leak', () => {
    const bad = [
      { name: 'a', url: 'http://user:pw@127.0.0.1/' },
      { name: 'a', url: 'ftp://127.0.0.1/' },
      { name: 'Not A Slug', url: 'http://127.0.0.1/' },
      { name: 'a', url: 'http://127.0.0.1/', method: 'HEAD', contains: 'ok' },
      { name: 'a', url: 'http://127.0.0.1/', slowMs: 500, critMs: 400 },
      { name: 'a', url: 'http://127.0.0.1/', method: 'POST' },
    ];
    for (const t of bad) expect(httpProbeConfigSchema.safeParse({ targets: [t] }).success, JSON.stringify(t)).toBe(false);
    const twice = { name: 'a', url: 'http://127.0.0.1/' };
    expect(httpProbeConfigSchema.safeParse({ targets: [twice, twice] }).success).toBe(false);
  });
});

describe('http probe', () => {
  it('says how to configure targets when there are none, as one warn row', async () => {
    const probes = httpProbes(httpProbeConfigSchema.parse({}));
    expect(probes).toHaveLength(1);
    const r = await runProbe(probes[0]!, 1000, noRedact);
    expect(r).toMatchObject({ probe: 'http', target: 'http', verdict: 'warn' });
    expect(r.summary.en).toBe('no HTTP targets configured: add probes.http.targets');
    expect(r.summary['zh-CN']).toContain('probes.http.targets');
  });

  it('builds one probe per target', () => {
    const cfg = httpProbeConfigSchema.parse({
      targets: [
        { name: 'nginx', url: 'http://127.0.0.1/' },
        { name: 'backend', url: 'http://127.0.0.1:8000/health' },
      ],
    });
    expect(httpProbes(cfg).map((p) => `${p.probe}/${p.target}`)).toEqual(['http/http nginx', 'http/http backend']);
  });

  it('is ok for a fast 200 with the expected body, reporting status and total time', async () => {
    const s = await server({ body: '{"status":"UP"}' });
    const r = await probe({ url: s.url('/health'), contains: '"UP"' });
    expect(r).toMatchObject({ probe: 'http', target: 'http web', verdict: 'ok' });
    expect(r.summary.en).toMatch(/^200 OK in \d+ ms$/);
    expect(r.summary['zh-CN']).toMatch(/^200 OK，耗时 \d+ ms$/);
    expect(r.detail).toMatch(/http_code 200 · time_starttransfer 0\.\d{3} s · time_total 0\.\d{3} s · 15 bytes read/);
    expect(s.requests).toEqual(['GET /health']);
  });

  it('sends HEAD and accepts any listed status', async () => {
    const s = await server({ status: 204 });
    const r = await probe({ url: s.url(), method: 'HEAD', expectStatus: [200, 204] });
    expect(r.verdict).toBe('ok');
    expect(s.requests).toEqual(['HEAD /']);
  });

  it('is crit on 502 with the manual 2.8 hint in both languages', async () => {
    const s = await server({ status: 502, body: '<html>502 Bad Gateway</html>' });
    const r = await probe({ url: s.url() });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toMatch(/^HTTP 502 Bad Gateway: .*backend.*\/check docker backend \(manual 2\.8\)/);
    expect(r.summary['zh-CN']).toMatch(/^HTTP 502 Bad Gateway：.*后端.*\/check docker backend.*（手册 2\.8）/);
    expect(r.detail).toContain('<html>502 Bad Gateway</html>');
  });

  it('is crit on any other unexpected status', async () => {
    const s = await server({ status: 404 });
    const r = await probe({ url: s.url('/missing') });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toBe('HTTP 404 Not Found, expected 200');
  });

  it('reports a redirect as is, without following it', async () => {
    const s = await server({ status: 302, headers: { location: 'http://elsewhere.invalid/login' } });
    const r = await probe({ url: s.url() });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toContain('redirects to http://elsewhere.invalid/login (not followed');
    expect(s.requests).toHaveLength(1);
    expect((await probe({ url: s.url(), expectStatus: 302 })).verdict).toBe('ok');
  });

  it('warns when slower than slowMs and is crit past critMs (manual 2.4)', async () => {
    const s = await server({ delayMs: 150 });
    const slow = await probe({ url: s.url(), slowMs: 100 });
    expect(slow.verdict).toBe('warn');
    // The measured time is at least the server's delay; how much more depends on the machine's load.
    const measured = (text: string, re: RegExp) => Number(re.exec(text)?.[1]);
    expect(slow.summary.en).toMatch(/^slow: \d+ ms \(warn above 100 ms\); .*manual 2\.4/);
    expect(measured(slow.summary.en, /^slow: (\d+) ms/)).toBeGreaterThanOrEqual(150);
    expect(slow.summary['zh-CN']).toMatch(/^响应缓慢：\d+ ms/);
    const verySlow = await probe({ url: s.url(), slowMs: 50, critMs: 100 });
    expect(verySlow.verdict).toBe('crit');
    expect(verySlow.summary.en).toMatch(/^very slow: \d+ ms \(crit above 100 ms\)/);
    expect(measured(verySlow.summary.en, /^very slow: (\d+) ms/)).toBeGreaterThanOrEqual(150);
  });

  it('times out on a server that never answers', async () => {
    const s = await server({ hang: true });
    const r = await probe({ url: s.url() }, 300);
    expect(r.verdict).toBe('timeout');
    expect(r.durationMs).toBeLessThan(800);
  });

  it('is crit with connection refused on a closed port', async () => {
    const r = await probe({ url: `http://127.0.0.1:${await closedPort()}/health` });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toMatch(/^connection refused/);
    expect(r.summary['zh-CN']).toMatch(/^连接被拒绝/);
  });

  it('is crit when the host name does not resolve', async () => {
    const r = await probe({ url: 'http://zhiban-no-such-host.invalid/health' });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toMatch(/^host name not found/);
  });

  it('is crit when the body lacks the expected text, checking only the first 64 KiB', async () => {
    const wrong = await server({ body: 'maintenance' });
    const r = await probe({ url: wrong.url(), contains: '"UP"' });
    expect(r.verdict).toBe('crit');
    expect(r.summary.en).toBe('the body does not contain `"UP"`');
    const huge = await server({ body: 'x'.repeat(1024 * 1024) + '"UP"' });
    const big = await probe({ url: huge.url(), contains: '"UP"' });
    expect(big.verdict).toBe('crit');
    expect(big.summary.en).toBe('the first 64 KiB of the body does not contain `"UP"`');
    expect(big.detail).toContain('65536 bytes read (limit reached)');
    expect(big.detail!.length).toBeLessThan(2000);
  });

  it('never shows header values, even when the server echoes them back', async () => {
    const token = 'Bearer tok-1234567890-abcdef';
    const key = 'k3y-0987654321';
    let seen = '';
    const s = await server({
      status: 500,
      body: (req) => (seen = `auth=${String(req.headers.authorization)} key=${String(req.headers['x-api-key'])}`),
    });
    const r = await probe({ url: s.url(), headers: { Authorization: token, 'X-Api-Key': key } });
    expect(seen).toBe(`auth=${token} key=${key}`);
    expect(r.verdict).toBe('crit');
    expect(r.detail).toContain('headers sent: Authorization, X-Api-Key');
    expect(r.detail).toContain('auth=[REDACTED] key=[REDACTED]');
    const all = JSON.stringify(r);
    expect(all).not.toContain('tok-1234567890');
    expect(all).not.toContain(key);
  });
});
