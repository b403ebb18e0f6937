import { formatBytes, localizedDuration } from '../format.js';
import { L } from '../run-probe.js';
import type { Finding } from '../types.js';
import type { BackupLocation } from './config.js';
import type { BackupFile } from './files.js';
import type { Integrity } from './integrity.js';

const HOUR_MS = 3_600_000;

/** What the probe saw for one pattern of a location. */
export interface PatternReading {
  pattern: string;
  newest?: BackupFile;
  previous?: BackupFile;
  integrity: Integrity;
}

/** Age of the newest file: crit above `critHours`, warn above `warnHours` (strictly). */
function ageFinding(loc: BackupLocation, f: BackupFile, now: number): Finding {
  const age = localizedDuration(now - f.mtimeMs);
  const hours = (now - f.mtimeMs) / HOUR_MS;
  const head = L(`${f.name} is ${age.en} old`, `${f.name} 已有 ${age['zh-CN']}`);
  if (hours > loc.critHours) {
    return { verdict: 'crit', text: L(`${head.en}: no new backup for more than ${loc.critHours} h; check the backup job (cron, its log, disk space)`, `${head['zh-CN']}：超过 ${loc.critHours} 小时没有新备份；请检查备份任务（cron、日志、磁盘空间）`) };
  }
  if (hours > loc.warnHours) {
    return { verdict: 'warn', text: L(`${head.en}: the last daily backup is missing (warn above ${loc.warnHours} h)`, `${head['zh-CN']}：缺少最近一次每日备份（超过 ${loc.warnHours} 小时告警）`) };
  }
  return { verdict: 'ok', text: L(`${head.en}, ${formatBytes(f.size)}`, `${head['zh-CN']}，${formatBytes(f.size)}`) };
}

/** Size: an empty file is crit; one `shrinkPercent` % (or more) smaller than the previous one is suspect. */
function sizeFindings(loc: BackupLocation, f: BackupFile, previous: BackupFile | undefined): Finding[] {
  if (f.size === 0) return [{ verdict: 'crit', text: L(`${f.name} is empty (0 bytes): the backup failed`, `${f.name} 是空文件（0 字节）：备份失败`) }];
  if (!previous || previous.size === 0) return [];
  const shrink = Math.round((1 - f.size / previous.size) * 100);
  if (shrink < loc.shrinkPercent) return [];
  return [{
    verdict: 'warn',
    text: L(
      `${f.name} is suspect: ${formatBytes(f.size)}, ${shrink} % smaller than the previous ${previous.name} (${formatBytes(previous.size)})`,
      `${f.name} 可疑：${formatBytes(f.size)}，比上一个 ${previous.name}（${formatBytes(previous.size)}）小 ${shrink}%`,
    ),
  }];
}

function integrityFinding(f: BackupFile, i: Integrity): Finding[] {
  switch (i.status) {
    case 'ok':
      return [{ verdict: 'ok', text: L(`${f.name} is readable: ${i.note}`, `${f.name} 可读：${i.note}`) }];
    case 'bad':
      return [{ verdict: 'crit', text: L(`${f.name} is damaged: ${i.reason}; it cannot be restored, make a new backup`, `${f.name} 已损坏：${i.reason}；无法用于恢复，请重新备份`) }];
    case 'unfinished':
      return [{
        verdict: 'warn',
        text: L(
          `${f.name}: integrity not proven, only ${formatBytes(i.bytesRead)} of ${formatBytes(f.size)} read in the time allowed (raise probes.timeoutMs)`,
          `${f.name}：完整性未能确认，限定时间内只读取了 ${formatBytes(f.size)} 中的 ${formatBytes(i.bytesRead)}（可调大 probes.timeoutMs）`,
        ),
      }];
    case 'skipped':
      return [];
  }
}

/**
 * Judges one pattern of a location at `now`: no matching file is crit; then the newest file's
 * age, its size (empty, or suspect against the previous one) and its integrity. Pure.
 */
export function assessPattern(loc: BackupLocation, r: PatternReading, now: number): Finding[] {
  if (!r.newest) {
    return [{
      verdict: 'crit',
      text: L(`no file matches ${r.pattern} in ${loc.dir}: the backup job has not run (manual 5)`, `${loc.dir} 中没有匹配 ${r.pattern} 的文件：备份任务没有运行（手册 5）`),
    }];
  }
  return [ageFinding(loc, r.newest, now), ...sizeFindings(loc, r.newest, r.previous), ...integrityFinding(r.newest, r.integrity)];
}
