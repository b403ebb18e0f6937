import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/core/redact.js';
import { dockerProbeConfigSchema } from '../../src/probes/docker/config.js';
import { ProbeInputError, UnknownServiceError } from '../../src/probes/docker/errors.js';
import { fetchLogs, MAX_OUTPUT_BYTES, type LogRequest, type LogResult } from '../../src/probes/logs/fetch-logs.js';
import { parseSince } from '../../src/probes/logs/since.js';
import { TestContainers, testDocker, uniqueSuffix, waitFor } from '../support/docker.js';

const docker = testDocker();
const boxes = new TestContainers(docker);
const sfx = uniqueSuffix();
const redactor = new Redactor();
const n = {
  backend1: `mall_backend_${sfx}_1`,
  backend2: `mall_backend_${sfx}_2`,
  big: `zhiban_big_${sfx}`,
  tty: `zhiban_tty_${sfx}`,
};
const cfg = dockerProbeConfigSchema.parse({
  services: {
    backend: { compose: `backend-${sfx}` },
    ticker: { containers: ['ci-ticker'] },
    big: { containers: [n.big] },
    tty: { containers: [n.tty] },
  },
});

function logs(req: LogRequest): Promise<LogResult> {
  return fetchLogs(docker, cfg, req, AbortSignal.timeout(5000), (s) => redactor.redact(s));
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z) /;
const time = (line: string): number => Date.parse(TS.exec(line)?.[1] ?? 'invalid');

beforeAll(async () => {
  const compose = { 'com.docker.compose.service': `backend-${sfx}` };
  const ran = await Promise.all([
    boxes.run({
      name: n.backend1,
      labels: compose,
      script: [
        'echo "POST /api/v1/payment/notify 200"',
        'echo "GET /api/v1/products 200"',
        'sleep 0.2',
        'echo "wechatpay: PAYMENT callback signature invalid" >&2',
        'sleep 0.2',
        'echo "order paid password=hunter2 via mysql://app:s3cr3tpw@db:3306/mall"',
        'trap "exit 0" TERM; while :; do sleep 1; done',
      ].join('; '),
    }),
    boxes.run({ name: n.backend2, labels: compose, script: 'echo "old container"; exit 1' }),
    boxes.run({
      name: n.big,
      script:
        'awk \'BEGIN { p = sprintf("%100s", ""); gsub(/ /, "x", p); for (i = 1; i <= 3000; i++) print "line " i " " p; ' +
        'q = sprintf("%5000s", ""); gsub(/ /, "y", q); print q }\'',
    }),
    boxes.run({ name: n.tty, script: 'echo tty-hello', tty: true }),
  ]);
  await Promise.all(ran.slice(1).map((c) => c.wait()));
  const printed = async () => String(await ran[0].logs({ stdout: true, stderr: true, follow: false })).includes('order paid');
  await waitFor(async () => ((await printed()) ? true : undefined), `${n.backend1} to print its lines`);
}, 30_000);

afterAll(() => boxes.removeAll(), 30_000);

describe('container logs through the Docker API', () => {
  it('returns stdout and stderr lines of ci-ticker in order, with timestamps', async () => {
    const r = await logs({ service: 'ticker', tail: 60 });
    expect(r).toMatchObject({ service: 'ticker', container: 'ci-ticker', containerState: 'running', truncated: false, others: [] });
    expect(r.lines.length).toBeGreaterThanOrEqual(12);
    expect(r.lines.every((l) => TS.test(l))).toBe(true);
    const body = r.lines.map((l) => l.replace(TS, ''));
    expect(body.every((b) => /^(tick|tock) \d+$/.test(b))).toBe(true);
    const tock = body.findIndex((b, i) => i > 0 && i < body.length - 1 && b.startsWith('tock'));
    expect(tock).toBeGreaterThan(0);
    const num = body[tock]!.split(' ')[1];
    expect(body.slice(Math.max(0, tock - 1), tock + 2)).toContain(`tick ${num}`);
    const times = r.lines.map(time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('filters with --grep as a case-insensitive substring, over stdout and stderr', async () => {
    const r = await logs({ service: 'ticker', grep: 'TOCK', tail: 5 });
    expect(r.lines.length).toBeGreaterThan(0);
    expect(r.lines.length).toBeLessThanOrEqual(5);
    expect(r.lines.every((l) => / tock \d+$/.test(l))).toBe(true);
    expect(r.matched).toBeLessThan(r.scanned);

    const pay = await logs({ service: 'backend', grep: 'payment' });
    expect(pay.lines.map((l) => l.replace(TS, ''))).toEqual([
      'POST /api/v1/payment/notify 200',
      'wechatpay: PAYMENT callback signature invalid',
    ]);
  });

  it('treats --grep as plain text, never as a pattern', async () => {
    expect((await logs({ service: 'backend', grep: 'api/v1/p.*' })).lines).toEqual([]);
    expect((await logs({ service: 'backend', grep: '(' })).lines).toEqual([]);
    expect((await logs({ service: 'backend', grep: 'v1/products' })).lines).toHaveLength(1);
  });

  it('bounds the count with --tail and keeps the newest lines', async () => {
    const all = await logs({ service: 'ticker', tail: 10 });
    const three = await logs({ service: 'ticker', tail: 3 });
    expect(three.lines).toHaveLength(3);
    expect(time(three.lines[2]!)).toBeGreaterThanOrEqual(time(all.lines[9]!));
    expect(Date.now() - time(three.lines[2]!)).toBeLessThan(5000);
  });

  it('limits the window with --since', async () => {
    const r = await logs({ service: 'ticker', since: '3s' });
    expect(r.lines.length).toBeGreaterThanOrEqual(1);
    expect(r.lines.length).toBeLessThanOrEqual(6);
    expect(r.lines.every((l) => Date.now() - time(l) < 5000)).toBe(true);
  });

  it('redacts secrets in log lines, and a search cannot find a secret value', async () => {
    const r = await logs({ service: 'backend', grep: 'order paid' });
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain('password=[REDACTED]');
    expect(r.lines[0]).toContain('mysql://app:[REDACTED]@db:3306/mall');
    expect(JSON.stringify(await logs({ service: 'backend' }))).not.toMatch(/hunter2|s3cr3tpw/);
    expect((await logs({ service: 'backend', grep: 'hunter2' })).lines).toEqual([]);
  });

  it('reads the running container of a service and says which, or the one asked for', async () => {
    const r = await logs({ service: 'backend' });
    expect(r).toMatchObject({ service: 'backend', container: n.backend1, others: [n.backend2] });
    const old = await logs({ service: 'backend', container: n.backend2 });
    expect(old).toMatchObject({ container: n.backend2, containerState: 'exited' });
    expect(old.lines.map((l) => l.replace(TS, ''))).toEqual(['old container']);
    expect((await logs({ service: n.backend2 })).container).toBe(n.backend2);
    expect(await rejection(logs({ service: 'ci-web' }))).toBeInstanceOf(UnknownServiceError);
    const wrong = await rejection(logs({ service: 'backend', container: 'mall_backend_9' }));
    expect(wrong).toBeInstanceOf(ProbeInputError);
    expect((wrong as ProbeInputError).text.en).toBe(
      `service backend has no container "mall_backend_9"; its containers: ${n.backend1}, ${n.backend2}`,
    );
  });

  it('cuts large output to the byte limit and says so in both languages', async () => {
    const r = await logs({ service: 'big', tail: 2000 });
    expect(r.truncated).toBe(true);
    expect(r.lines[0]).toMatch(/^… \[truncated: \d+ earlier lines omitted, output limit 64 KiB · 已截断：省略了更早的 \d+ 行，输出上限 64 KiB\]$/);
    expect(Buffer.byteLength(r.lines.slice(1).join('\n'))).toBeLessThanOrEqual(MAX_OUTPUT_BYTES);
    expect(r.lines.at(-2)).toMatch(/ line 3000 x{100}$/);
    expect(r.lines.at(-1)).toMatch(/ y+ … \[line cut · 行已截断\]$/);
    expect(r.lines.at(-1)!.length).toBeLessThan(1100);
  });

  it('reads TTY containers, which send no stream headers', async () => {
    const r = await logs({ service: 'tty' });
    expect(r.lines.map((l) => l.replace(TS, ''))).toEqual(['tty-hello']);
  });

  it('rejects bad input with a message that says what is valid', async () => {
    const unknown = await rejection(logs({ service: 'payments' }));
    expect(unknown).toBeInstanceOf(UnknownServiceError);
    expect((unknown as UnknownServiceError).known).toEqual(['backend', 'big', 'ticker', 'tty']);
    const since = await rejection(logs({ service: 'ticker', since: '1w' }));
    expect((since as ProbeInputError).text).toEqual({
      en: 'invalid time window "1w": use a whole number followed by s, m, h or d (e.g. 30s, 10m, 2h, 1d), at most 30d',
      'zh-CN': '无效的时间范围“1w”：请使用整数加单位 s、m、h 或 d（例如 30s、10m、2h、1d），最长 30d',
    });
    for (const tail of [0, 2001, 1.5]) {
      const e = await rejection(logs({ service: 'ticker', tail }));
      expect((e as ProbeInputError).text.en).toBe(`invalid line count "${tail}": use a whole number from 1 to 2000`);
    }
  });

  it('parses --since windows', () => {
    expect(['30s', '10m', '2h', '1d', ' 5M '].map(parseSince)).toEqual([30, 600, 7200, 86400, 300]);
    for (const bad of ['10', '1w', '-5m', '0s', '31d', '10m; rm -rf /', '']) {
      expect(() => parseSince(bad)).toThrow(ProbeInputError);
    }
  });
});
