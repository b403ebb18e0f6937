import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { loadRunbook, defaultRunbookPath } from '../../src/runbook/load.js';
import { harness, TEST_CONFIG } from '../support/harness.js';

const OVERRIDES = `${TEST_CONFIG}
runbook:
  disable: [oversell]
  symptoms:
    - id: "502"
      next:
        - { en: "Call the gateway team first.", zh-CN: "先联系网关组。" }
    - id: cert-expired
      aliases: [证书过期, cert]
      manual: "2.9"
      title: { en: HTTPS certificate expired, zh-CN: HTTPS 证书过期 }
      checks: [http, { target: docker, name: nginx }]
      next:
        - { en: "Renew the certificate and reload Nginx.", zh-CN: "更新证书并重新加载 Nginx。" }
      remediations:
        - { action: restart, params: { service: nginx } }
        - { action: cache-purge, params: { pattern: "cert:cache:*" } }
`;

function problemsOf(yaml: string): string[] {
  try {
    parseConfigText(yaml, 'test', {});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}${p.line ? ` @${p.line}` : ''}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('the runbook as data', () => {
  it('ships the manual\'s symptoms in runbook/default.yml, found from the package root', () => {
    expect(defaultRunbookPath()).toMatch(/runbook\/default\.yml$/);
    // Built, the loader runs from dist/src/runbook/: it still finds the file in the package root.
    expect(defaultRunbookPath(resolve(dirname(defaultRunbookPath()), '../dist/src/runbook'))).toBe(defaultRunbookPath());
    const runbook = loadRunbook(configSchema.parse({}));
    expect(runbook.names()).toEqual(['down', 'db-conn', 'redis', 'slow-api', 'payment-callback', 'oversell', 'disk', '502', 'miniprogram', 'order-state', 'deadlock']);
    expect(runbook.find('死锁')?.name).toBe('deadlock');
    expect(runbook.find('NGINX')?.manual).toBe('2.8');
  });

  it('/runbook lists the symptoms and shows a section with its checks, next steps and request buttons', async () => {
    const h = await harness();
    const list = await h.run('carol', '/runbook');
    expect(list.reply.ok).toBe(true);
    expect(list.text).toContain('Runbook: 11 symptoms');
    expect(list.text).toMatch(/payment-callback\s+│?\s*2\.5/);
    const s = await h.run('carol', '/runbook 502');
    expect(s.text).toContain('Manual 2.8 · Nginx 502 Bad Gateway (502)');
    expect(s.text).toContain('/check http · /check docker');
    expect(s.text).toContain('1. Backend containers down or unhealthy');
    expect(s.text).toContain('[/restart backend] → /restart backend');
    expect(s.text).toContain('[Run /diagnose 502] → /diagnose 502');
  });

  it('shows the section in Chinese, and an unknown symptom gets the nearest id and the usage', async () => {
    const h = await harness({ yaml: TEST_CONFIG.replace('locale: en', 'locale: zh-CN') });
    const s = await h.run('carol', '/runbook 死锁');
    expect(s.text).toContain('手册 2.10 · 数据库死锁（deadlock）');
    expect(s.text).toContain('该症状没有建议的修复操作。');
    const bad = await h.run('carol', '/runbook deadlok');
    expect(bad.reply.ok).toBe(false);
    expect(bad.text).toContain('是否想输入“deadlock”');
    expect(bad.text).toContain('/runbook [symptom]');
  });

  it('zhiban.yml overrides a symptom by id, adds one, disables one — /runbook and /diagnose follow', async () => {
    const h = await harness({ yaml: OVERRIDES });
    const s502 = await h.run('carol', '/runbook 502');
    expect(s502.text).toContain('1. Call the gateway team first.');
    expect(s502.text).not.toContain('Backend containers down');
    expect(s502.text).toContain('Manual 2.8');
    const cert = await h.run('carol', '/runbook 证书过期');
    expect(cert.text).toContain('Manual 2.9 · HTTPS certificate expired (cert-expired)');
    expect(cert.text).toContain('/check http · /check docker nginx');
    expect(cert.text).toContain('→ /restart nginx');
    expect(cert.text).toContain('→ /cache purge cert:cache:*');
    const gone = await h.run('carol', '/diagnose oversell');
    expect(gone.reply.ok).toBe(false);
    expect(gone.text).toContain('Unknown symptom "oversell"');
    expect((await h.run('carol', '/runbook')).text).toContain('Runbook: 11 symptoms');
  });

  it('reports every runbook problem at once, each with its path and line', () => {
    const problems = problemsOf(`${TEST_CONFIG}
runbook:
  disable: [nope]
  symptoms:
    - id: flaky
      aliases: [慢]
      manual: "9.1"
      title: { en: flaky things }
      checks: [dns, mysql]
      next:
        - { en: "look", zh-CN: "看" }
      remediations:
        - { action: reboot-the-world }
        - { action: restart, params: { service: backend, force: true } }
    - id: half
      title: { en: half, zh-CN: 一半 }
`);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^runbook\.symptoms\[0\]\.title\.zh-CN @\d+: missing text in zh-CN$/),
      expect.stringMatching(/^runbook\.symptoms\[0\]\.checks\[0\]\.target @\d+: unknown check target "dns" \(known: docker, host, disk/),
      expect.stringMatching(/^runbook\.symptoms\[0\]\.aliases\[0\] @\d+: duplicate alias "慢": it already names symptom "slow-api"$/),
      expect.stringMatching(/^runbook\.symptoms\[0\]\.remediations\[0\]\.action @\d+: unknown action "reboot-the-world" \(known: restart, .*kill-query, cache-purge/),
      expect.stringMatching(/^runbook\.symptoms\[0\]\.remediations\[1\]\.params @\d+: restart: .*force/),
      expect.stringMatching(/^runbook\.symptoms\[1\] @\d+: new symptom "half" needs manual, checks, next/),
      expect.stringMatching(/^runbook\.disable\[0\] @\d+: no symptom "nope" to disable/),
    ]));
  });
});
