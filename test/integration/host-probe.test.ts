import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/core/redact.js';
import { createDockerClient } from '../../src/probes/docker/config.js';
import { hostProbeConfigSchema, type HostProbeConfig } from '../../src/probes/host/config.js';
import { diskProbe } from '../../src/probes/host/disk.js';
import { summarizeDockerDf } from '../../src/probes/host/docker-df.js';
import { hostProbe, memoryUsage } from '../../src/probes/host/host.js';
import { runProbe } from '../../src/probes/run-probe.js';
import type { ProbeResult } from '../../src/probes/types.js';
import { testDocker, uniqueSuffix } from '../support/docker.js';

const redactor = new Redactor();
const redact = (s: string): string => redactor.redact(s);
let dir = '';

const config = (over: Record<string, unknown>): HostProbeConfig => hostProbeConfigSchema.parse(over);
/** Runs the disk probe with thresholds that never trigger unless `over` sets them. */
const disk = (over: Record<string, unknown>, docker?: Docker): Promise<ProbeResult> =>
  runProbe(diskProbe(config({ diskWarnPct: 100, diskCritPct: 100, ...over }), docker), 5000, redact);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zhiban-disk-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('disk probe', () => {
  it('reports free space of a path with numbers, and Docker disk usage as information', async () => {
    const r = await disk({ disks: [dir] }, testDocker());
    expect(r.verdict).toBe('ok');
    expect(r.summary.en).toMatch(new RegExp(`^${dir}: \\d{1,3}% used, [\\d.]+ [KMGT]?i?B free of [\\d.]+ [KMGT]?i?B$`));
    expect(r.summary['zh-CN']).toMatch(/已用 \d{1,3}%，剩余 /);
    const docker = r.findings.find((f) => f.text.en.startsWith('docker:'));
    expect(docker?.verdict).toBe('ok');
    expect(docker?.text.en).toMatch(
      /^docker: images [\d.]+ \w+, containers .*, local volumes .*, build cache .*; [\d.]+ \w+ reclaimable$/,
    );
    expect(r.detail).toMatch(/TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE\nImages\s+[1-9]/);
    expect(r.detail).toContain(dir);
  });

  it('warns and goes crit at the configured thresholds', async () => {
    expect((await disk({ disks: [dir], diskWarnPct: 0 })).verdict).toBe('warn');
    expect((await disk({ disks: [dir], diskWarnPct: 0, diskCritPct: 0 })).verdict).toBe('crit');
    const inodes = await disk({ disks: ['/'], inodeWarnPct: 0 });
    expect(inodes.findings.map((f) => f.verdict)).toContain('warn');
    expect(inodes.findings.some((f) => /inodes used/.test(f.text.en))).toBe(true);
  });

  it('says clearly when a configured path does not exist, and still checks the others', async () => {
    const missing = join(dir, `nope-${uniqueSuffix()}`);
    const r = await disk({ disks: [missing, dir] });
    expect(r.verdict).toBe('error');
    expect(r.findings[0]!.text).toEqual({
      en: `${missing} does not exist: check probes.host.disks`,
      'zh-CN': `${missing} 不存在：请检查 probes.host.disks 配置`,
    });
    expect(r.findings.some((f) => f.verdict === 'ok' && f.text.en.startsWith(`${dir}:`))).toBe(true);
  });

  it('keeps the disk verdict when the Docker engine is down, with a note', async () => {
    const down = createDockerClient({ socketPath: join(dir, 'no-docker.sock') });
    const r = await disk({ disks: [dir] }, down);
    expect(r.verdict).toBe('ok');
    const note = r.findings.find((f) => f.text.en.startsWith('docker disk usage not available (socket not found'));
    expect(note?.verdict).toBe('ok');
  });

  it('resolves relative paths and rejects inconsistent thresholds', async () => {
    const r = await disk({ disks: ['.'], dockerDiskUsage: false }, testDocker());
    expect(r.summary.en.startsWith(`. (${process.cwd()}): `)).toBe(true);
    expect(r.findings).toHaveLength(1);
    expect(() => config({ diskWarnPct: 95, diskCritPct: 90 })).toThrow(/diskWarnPct must not be above diskCritPct/);
    expect(hostProbeConfigSchema.parse({})).toMatchObject({ disks: ['./data', '/'], diskWarnPct: 80, diskCritPct: 90 });
  });

  it('computes reclaimable space like docker system df', () => {
    const rows = summarizeDockerDf({
      LayersSize: 1000,
      Images: [
        { Size: 600, SharedSize: 100, Containers: 1 },
        { Size: 400, SharedSize: 100, Containers: 0 },
      ],
      Containers: [
        { SizeRw: 10, State: 'running' },
        { SizeRw: 30, State: 'exited' },
      ],
      Volumes: [{ UsageData: { Size: 50, RefCount: 0 } }, { UsageData: { Size: -1, RefCount: 1 } }],
      BuildCache: null,
    });
    expect(rows).toEqual([
      { type: 'Images', total: 2, active: 1, size: 1000, reclaimable: 500 },
      { type: 'Containers', total: 2, active: 1, size: 40, reclaimable: 30 },
      { type: 'Local Volumes', total: 2, active: 1, size: 50, reclaimable: 50 },
      { type: 'Build Cache', total: 0, active: 0, size: 0, reclaimable: 0 },
    ]);
  });
});

describe('host probe', () => {
  it('reports load per core, memory and uptime', async () => {
    const r = await runProbe(hostProbe(config({})), 5000, redact);
    expect(['ok', 'warn']).toContain(r.verdict);
    expect(r.summary.en).toMatch(/^load \d+\.\d\d on \d+ cores, memory \d{1,3}% used, up \d+ (s|min|h|d)/);
    expect(r.summary['zh-CN']).toMatch(/^负载 \d+\.\d\d（\d+ 核），内存已用 \d{1,3}%，已运行 /);
    expect(r.detail).toMatch(/^\s+TOTAL\s+AVAILABLE\s+USE%\nMem\s+[\d.]+ \w+/);
  });

  it('warns when memory or load reach their thresholds', async () => {
    const r = await runProbe(hostProbe(config({ memoryWarnPct: 0, loadWarnPerCore: 0 })), 5000, redact);
    expect(r.verdict).toBe('warn');
    expect(r.findings.filter((f) => f.verdict === 'warn').map((f) => f.text.en.split(' ')[0])).toEqual(['load', 'memory']);
  });

  it('reads MemAvailable from meminfo, and falls back to os.freemem without it', async () => {
    const path = join(dir, 'meminfo');
    await writeFile(path, 'MemTotal:  1000 kB\nMemFree:  100 kB\nMemAvailable:  250 kB\nSwapTotal:  8 kB\nSwapFree:  2 kB\n');
    expect(await memoryUsage(path)).toEqual({
      total: 1024000,
      available: 256000,
      usedPct: 75,
      swapTotal: 8192,
      swapFree: 2048,
      source: 'meminfo',
    });
    expect((await memoryUsage(join(dir, 'absent'))).source).toBe('freemem');
  });
});
