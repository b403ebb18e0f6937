import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerSocketPath, labWebPort, waitFor } from '../support/docker.js';
import { harness, verdictRows, type Seen } from '../support/harness.js';
import { closedPort, startHttpServer, startSilentListener, type HttpFixture, type SilentListener } from '../support/net-fixtures.js';

let bad: HttpFixture;
let silent: SilentListener;
let refusedPort: number;
const disk = mkdtempSync(join(tmpdir(), 'zhiban-disk-'));

beforeAll(async () => {
  bad = await startHttpServer({ status: 502, body: '<html>502 Bad Gateway</html>' });
  silent = await startSilentListener();
  refusedPort = await closedPort();
});
afterAll(async () => {
  await bad.close();
  await silent.close();
});

/** The config a team would write: the lab's Docker engine, ci-web as the "nginx" URL, a broken "api". */
function yaml(extra = ''): string {
  return `
timezone: Asia/Shanghai
users:
  - { id: alice, roles: [responder] }
  - { id: carol, roles: [viewer] }
probes:
  timeoutMs: 1500
  docker: { socketPath: ${dockerSocketPath()} }
  host: { disks: ['${disk}'] }
  http:
    targets:
      - { name: nginx, url: 'http://127.0.0.1:${labWebPort()}/', slowMs: 1400 }
      - { name: api, url: '${bad.url('/api/v1/products')}' }
${extra}`;
}

const rows = verdictRows;

describe('/check', () => {
  it('/check all gives one verdict per target, the broken one crit with evidence', async () => {
    const h = await harness({ yaml: yaml() });
    const seen = await h.run('carol', '/check all');
    const v = rows(seen);
    const names = Object.keys(v);
    expect(names.filter((n) => !n.startsWith('host ')).sort()).toEqual(
      ['disk ' + disk, 'docker (all containers)', 'http api', 'http nginx', 'mysql 127.0.0.1:3306', 'orders 127.0.0.1:3306/test', 'redis 127.0.0.1:6379'].sort(),
    );
    expect(names.filter((n) => n.startsWith('host '))).toHaveLength(1);
    expect(v['http nginx']).toBe('ok');
    expect(v['http api']).toBe('crit');
    expect(v['redis 127.0.0.1:6379']).toBe('ok');
    expect(seen.text).toContain('502');
    expect(seen.reply.tone).toBe('danger');
  });

  it('a target that is down is crit with the reason; one that hangs is timeout, and neither holds up the others', async () => {
    const h = await harness({ yaml: yaml(`  mysql: { dsn: 'mysql://root@127.0.0.1:${refusedPort}/test' }\n  redis: { url: 'redis://127.0.0.1:${silent.port}' }\n`) });
    const seen = await h.run('carol', '/check all');
    const v = rows(seen);
    expect(v[`mysql 127.0.0.1:${refusedPort}`]).toBe('crit');
    expect(seen.text).toContain('connection refused');
    expect(v[`redis 127.0.0.1:${silent.port}`]).toBe('timeout');
    expect(seen.text).toContain('no answer within 1.5 s');
    expect(v['http nginx']).toBe('ok');
  });

  it('/check docker lists the lab containers; an unknown configured service lists the known ones', async () => {
    const h = await harness({ yaml: yaml() });
    const seen = await h.run('carol', '/check docker');
    expect(rows(seen)['docker (all containers)']).toBe('ok');
    expect(seen.text).toMatch(/ci-ticker/);
    const configured = await harness({ yaml: yaml(`  docker: { socketPath: ${dockerSocketPath()}, services: { web: { containers: [ci-web] } } }\n`).replace(`  docker: { socketPath: ${dockerSocketPath()} }\n`, '') });
    const unknown = await configured.run('carol', '/check docker backend');
    expect(unknown.reply.ok).toBe(false);
    expect(unknown.text).toContain('unknown service "backend"; known services: web');
    expect(rows(await configured.run('carol', '/check docker web'))['docker web']).toBe('ok');
  });

  it('bad targets and names get a clear message with usage', async () => {
    const h = await harness({ yaml: yaml() });
    expect((await h.run('carol', '/check mongo')).text).toMatch(/^✗ Invalid target "mongo": docker \(containers, 2\.1\)/);
    expect((await h.run('carol', '/check http shop')).text).toContain('No HTTP target "shop". Configured: nginx, api');
    expect((await h.run('carol', '/check mysql extra')).text).toContain('/check mysql takes no name');
  });

  it('records the result on the open incident\'s timeline, redacted', async () => {
    const h = await harness({ yaml: yaml(`  mysql: { dsn: 'mysql://root:\${DB_PW}@127.0.0.1:${refusedPort}/test' }\n`), env: { DB_PW: 'sup3r-secret' } });
    await h.run('alice', '/incident declare P1 数据库连接失败');
    const seen = await h.run('alice', '/check mysql');
    expect(seen.text).toContain('Recorded on the timeline of INC-20261122-001.');
    const timeline = await h.run('carol', '/incident timeline');
    expect(timeline.text).toMatch(/alice\s+\/check mysql: crit — connection refused/);
    const stored = JSON.stringify(await h.store.readEvents('INC-20261122-001'));
    expect(stored).not.toContain('sup3r-secret');
    expect(seen.text).not.toContain('sup3r-secret');
  });
});

describe('/check redis <pattern>', () => {
  it('counts the keys of a pattern typed in chat by SCAN', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis('redis://127.0.0.1:6379');
    const prefix = `zt-scan-${Date.now()}`;
    try {
      for (let i = 0; i < 7; i++) await redis.set(`${prefix}:lock:${i}`, '1');
      const h = await harness({ yaml: yaml() });
      const seen = await h.run('carol', `/check redis "${prefix}:lock:*"`);
      expect(seen.text).toContain(`${prefix}:lock:* 7`);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });
});

describe('/diagnose', () => {
  it('runs the checks the manual prescribes for 502 and says what to do next', async () => {
    const h = await harness({ yaml: yaml() });
    const seen = await h.run('carol', '/diagnose 502');
    expect(seen.text).toMatch(/^\/diagnose 502 — manual 2\.8 Nginx 502 Bad Gateway — 1 crit/);
    expect(Object.keys(rows(seen)).sort()).toEqual(['docker (all containers)', 'http api', 'http nginx']);
    expect(seen.text).toContain('Looks wrong: http api.');
    expect(seen.text).toContain('Next (manual 2.8): Backend containers down or unhealthy: /logs backend');
  });

  it('knows Chinese symptom names and refuses unknown ones with the list', async () => {
    const h = await harness({ yaml: yaml() });
    expect((await h.run('carol', '/diagnose 磁盘')).text).toMatch(/^\/diagnose disk — manual 2\.7/);
    const unknown = await h.run('carol', '/diagnose aliens');
    expect(unknown.text).toContain('Unknown symptom "aliens". Known: down, db-conn, redis, slow-api, payment-callback, oversell, disk, 502, miniprogram, order-state, deadlock.');
  });
});

describe('/logs', () => {
  it('reads a container\'s logs through the Docker API, filtered and bounded', async () => {
    const h = await harness({ yaml: yaml() });
    const codeLines = (seen: Seen) => {
      const code = seen.reply.blocks.find((b) => b.type === 'code');
      return code && code.type === 'code' ? code.text.split('\n') : [];
    };
    // ci-ticker writes "tock N" every 5 s: right after the lab starts there may be fewer than 3 yet.
    const seen = await waitFor(async () => {
      const s = await h.run('alice', '/logs ci-ticker --grep TOCK --tail 3');
      return codeLines(s).length === 3 ? s : undefined;
    }, 'three tock lines in ci-ticker', 20_000, 1000);
    for (const l of codeLines(seen)) expect(l).toMatch(/tock \d+$/);
    expect(seen.text).toMatch(/^\/logs ci-ticker · container ci-ticker \(running\) · last 3 of \d+ matching lines \(\d+ read\)/);
  });

  it('explains bad options and unknown services', async () => {
    const h = await harness({ yaml: yaml() });
    expect((await h.run('alice', '/logs ci-ticker --since yesterday')).text).toMatch(/^✗ .*30s/);
    expect((await h.run('alice', '/logs ci-ticker --tail 0')).text).toMatch(/^✗ Invalid tail "0"/);
    expect((await h.run('alice', '/logs nosuch')).text).toMatch(/^✗ unknown service "nosuch".*ci-ticker, ci-web/);
    expect((await h.run('alice', '/logs ci-ticker --verbose')).text).toContain('Unknown option --verbose');
  });

  it('is for responders (logs may hold customer data)', async () => {
    const h = await harness({ yaml: yaml() });
    expect((await h.run('carol', '/logs ci-ticker')).text).toContain('/logs needs the role responder');
  });
});
