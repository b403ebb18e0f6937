import { statfs } from 'node:fs/promises';
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import { formatBytes, formatTable, joinLocalized, percent } from '../format.js';
import { L, worst } from '../run-probe.js';
import type { Finding, Probe } from '../types.js';
import type { HostProbeConfig } from './config.js';
import { dockerDiskUsage } from './docker-df.js';

/** Space and inodes of the file system holding one path, as `df -h` / `df -i` show them. */
export interface DiskUsage {
  path: string;
  resolved: string;
  size: number;
  used: number;
  available: number;
  usedPct: number;
  inodes: number;
  inodesFree: number;
  /** `null` when the file system does not count inodes (btrfs, some network file systems). */
  inodesUsedPct: number | null;
}

/** Reads the usage of the file system of `path` (no shell: fs.statfs). Rejects like statfs does. */
export async function diskUsage(path: string): Promise<DiskUsage> {
  const resolved = resolve(path);
  const s = await statfs(resolved);
  const used = (s.blocks - s.bfree) * s.bsize;
  const available = s.bavail * s.bsize;
  return {
    path,
    resolved,
    size: s.blocks * s.bsize,
    used,
    available,
    usedPct: percent(used, used + available),
    inodes: s.files,
    inodesFree: s.ffree,
    inodesUsedPct: s.files > 0 ? percent(s.files - s.ffree, s.files) : null,
  };
}

/** Judges one file system: space `crit`/`warn` at or above `diskCritPct`/`diskWarnPct`, inodes `warn` at or above `inodeWarnPct`. Pure. */
export function assessDisk(d: DiskUsage, cfg: HostProbeConfig): Finding[] {
  const at = where(d.path);
  const space = L(
    `${at}: ${d.usedPct}% used, ${formatBytes(d.available)} free of ${formatBytes(d.size)}`,
    `${at}：已用 ${d.usedPct}%，剩余 ${formatBytes(d.available)}，共 ${formatBytes(d.size)}`,
  );
  const verdict = d.usedPct >= cfg.diskCritPct ? 'crit' : d.usedPct >= cfg.diskWarnPct ? 'warn' : 'ok';
  const findings: Finding[] = [{ verdict, text: space }];
  if (d.inodesUsedPct !== null && d.inodesUsedPct >= cfg.inodeWarnPct) {
    findings.push({
      verdict: 'warn',
      text: L(
        `${at}: ${d.inodesUsedPct}% of inodes used (${d.inodesFree} free): new files may fail even with free space`,
        `${at}：inode 已用 ${d.inodesUsedPct}%（剩余 ${d.inodesFree}）：即使有空闲空间也可能无法创建新文件`,
      ),
    });
  }
  return findings;
}

function where(path: string): string {
  const resolved = resolve(path);
  return path === resolved ? path : `${path} (${resolved})`;
}

function failure(path: string, err: unknown): Finding {
  const e = err as { code?: string; message?: string };
  const at = where(path);
  if (e.code === 'ENOENT') {
    return {
      verdict: 'error',
      text: L(`${at} does not exist: check probes.host.disks`, `${at} 不存在：请检查 probes.host.disks 配置`),
    };
  }
  const msg = String(e.message ?? err).slice(0, 200);
  return { verdict: 'error', text: L(`${at}: cannot read disk usage (${msg})`, `${at}：无法读取磁盘使用情况（${msg}）`) };
}

async function checkPath(path: string, cfg: HostProbeConfig): Promise<{ d?: DiskUsage; findings: Finding[] }> {
  try {
    const d = await diskUsage(path);
    return { d, findings: assessDisk(d, cfg) };
  } catch (err) {
    return { findings: [failure(path, err)] };
  }
}

function dfTable(disks: DiskUsage[]): string {
  const pct = (n: number | null): string => (n === null ? '-' : `${n}%`);
  return formatTable([
    ['PATH', 'SIZE', 'USED', 'AVAIL', 'USE%', 'INODES', 'IUSE%'],
    ...disks.map((d) => [
      d.path,
      formatBytes(d.size),
      formatBytes(d.used),
      formatBytes(d.available),
      pct(d.usedPct),
      String(d.inodes),
      pct(d.inodesUsedPct),
    ]),
  ]);
}

/**
 * The disk probe (manual 2.7: `df -h`, `docker system df`): space and inode use of every
 * configured path against the thresholds, plus Docker's disk usage as information when an engine
 * is given and `dockerDiskUsage` is on. A missing path is an `error` finding naming it; the
 * engine being down is only a note. Read-only, no shell.
 */
export function diskProbe(cfg: HostProbeConfig, docker?: Docker): Probe {
  const target = `disk ${cfg.disks.join(', ')}`;
  return {
    probe: 'disk',
    target,
    async run(ctx) {
      const budgetMs = Math.max(200, ctx.timeoutMs * 0.6);
      const engine =
        docker && cfg.dockerDiskUsage ? dockerDiskUsage(docker, ctx.signal, budgetMs, (s) => ctx.redact(s)) : undefined;
      const checked = await Promise.all(cfg.disks.map((p) => checkPath(p, cfg)));
      const findings = checked.flatMap((x) => x.findings);
      const verdict = worst(findings.map((f) => f.verdict));
      const usage = await engine;
      if (usage) findings.push(usage.finding);
      const summary = joinLocalized(checked.map((x) => x.findings[0]!.text), L('; ', '；'));
      const disks = checked.flatMap((x) => (x.d ? [x.d] : []));
      const detail = [dfTable(disks), usage?.table].filter(Boolean).join('\n\n');
      return { probe: 'disk', target, verdict, summary, findings, detail };
    },
  };
}
