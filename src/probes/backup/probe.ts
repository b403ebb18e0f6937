import { formatBytes, formatTable, isoSeconds } from '../format.js';
import { describeFailure, L, worst } from '../run-probe.js';
import type { Finding, Probe, ProbeContext, ProbeResult } from '../types.js';
import { assessPattern, type PatternReading } from './assess.js';
import type { BackupLocation, BackupProbeConfig } from './config.js';
import { listFolder, matchingFiles } from './files.js';
import { checkIntegrity, type Integrity } from './integrity.js';

type RunResult = Omit<ProbeResult, 'durationMs'>;

/** Share of the probe's time that reading files to their end may use, leaving room to answer. */
const INTEGRITY_BUDGET = 0.7;

const integrityCell = (i: Integrity): string =>
  i.status === 'ok' ? 'ok' : i.status === 'bad' ? 'DAMAGED' : i.status === 'unfinished' ? `read ${formatBytes(i.bytesRead)} (time up)` : '-';

function detailText(loc: BackupLocation, readings: PatternReading[], cut: boolean): string {
  const rows = readings.map((r) => [
    r.pattern,
    r.newest?.name ?? '(none)',
    r.newest ? isoSeconds(r.newest.mtimeMs) : '-',
    r.newest ? formatBytes(r.newest.size) : '-',
    r.previous ? `${r.previous.name} ${formatBytes(r.previous.size)}` : '-',
    integrityCell(r.integrity),
  ]);
  const table = formatTable(rows, { columns: ['PATTERN', 'NEWEST', 'MODIFIED', 'SIZE', 'PREVIOUS', 'INTEGRITY'], maxCell: 60 });
  return `${loc.dir}\n${table}${cut ? '\n(folder has more entries than were listed)' : ''}`;
}

/** Reads the newest two files of each pattern and proves the newest readable within `budget`. */
async function readLocation(loc: BackupLocation, names: string[], budget: AbortSignal): Promise<PatternReading[]> {
  const readings: PatternReading[] = [];
  for (const pattern of loc.patterns) {
    const [newest, previous] = await matchingFiles(loc.dir, pattern, names);
    const integrity: Integrity =
      newest && newest.size > 0 && loc.integrity ? await checkIntegrity(newest.path, newest.size, budget) : { status: 'skipped' };
    readings.push({ pattern, ...(newest ? { newest } : {}), ...(previous ? { previous } : {}), integrity });
  }
  return readings;
}

/** A folder that cannot be listed: missing or unreadable is crit (no backups can be seen there). */
function folderFailure(loc: BackupLocation, err: unknown, redact: (s: string) => string): Finding {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return { verdict: 'crit', text: L(`backup folder ${loc.dir} does not exist (is the backup disk mounted?)`, `备份目录 ${loc.dir} 不存在（备份盘是否已挂载？）`) };
  if (code === 'EACCES' || code === 'EPERM') return { verdict: 'crit', text: L(`zhiban may not read ${loc.dir} (${code}): give its user read access`, `zhiban 无权读取 ${loc.dir}（${code}）：请授予其读取权限`) };
  if (code === 'ENOTDIR') return { verdict: 'crit', text: L(`${loc.dir} is not a folder`, `${loc.dir} 不是目录`) };
  return describeFailure(err, redact);
}

function locationProbe(loc: BackupLocation): Probe {
  const base = { probe: 'backup', target: `backup ${loc.name}` };
  return {
    ...base,
    async run(ctx: ProbeContext): Promise<RunResult> {
      let listing: { names: string[]; cut: boolean };
      try {
        listing = await listFolder(loc.dir);
      } catch (err) {
        const f = folderFailure(loc, err, ctx.redact);
        return { ...base, verdict: f.verdict, summary: f.text, findings: [f], detail: loc.dir };
      }
      const budget = AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.round(ctx.timeoutMs * INTEGRITY_BUDGET))]);
      const readings = await readLocation(loc, listing.names, budget);
      const now = ctx.clock.now();
      const findings = readings.flatMap((r) => assessPattern(loc, r, now));
      const verdict = worst(findings.map((f) => f.verdict));
      const newest = readings.filter((r) => r.newest).length;
      const summary =
        verdict === 'ok'
          ? L(`${newest} backup(s) fresh and readable in ${loc.dir}`, `${loc.dir} 中 ${newest} 个备份新鲜且可读`)
          : findings.find((f) => f.verdict === verdict)!.text;
      return { ...base, verdict, summary, findings, detail: ctx.redact(detailText(loc, readings, listing.cut)) };
    },
  };
}

/** The single row shown when no location is configured: a `warn`, since nothing was checked. */
function unconfiguredProbe(): Probe {
  const text = L('no backup locations configured: add probes.backup.locations (manual 5)', '未配置备份位置：请在 probes.backup.locations 中添加（手册 5）');
  return { probe: 'backup', target: 'backup', run: async () => ({ probe: 'backup', target: 'backup', verdict: 'warn', summary: text, findings: [{ verdict: 'warn', text }] }) };
}

/**
 * One probe per backup location (manual 5 备份与恢复), read-only: for each pattern the newest
 * file's age (on the probe's clock), its size against the previous file, and its integrity read
 * to the end within 70 % of the probe's time. With no locations, one probe that says how to add them.
 */
export function backupProbes(cfg: BackupProbeConfig): Probe[] {
  return cfg.locations.length ? cfg.locations.map(locationProbe) : [unconfiguredProbe()];
}
