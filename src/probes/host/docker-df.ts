import type Docker from 'dockerode';
import { z } from 'zod';
import { formatBytes, formatTable } from '../format.js';
import { describeFailure, L } from '../run-probe.js';
import type { Finding } from '../types.js';

const size = z.number().catch(0);
const dfSchema = z.object({
  LayersSize: z.number().optional(),
  Images: z.array(z.object({ Size: size, SharedSize: z.number().optional(), Containers: z.number().optional() })).nullish(),
  Containers: z.array(z.object({ SizeRw: size.optional(), State: z.string().optional() })).nullish(),
  Volumes: z.array(z.object({ UsageData: z.object({ Size: z.number(), RefCount: z.number() }).nullish() })).nullish(),
  BuildCache: z.array(z.object({ Size: size, InUse: z.boolean().optional(), Shared: z.boolean().optional() })).nullish(),
});

/** One row of `docker system df`: how many, how many in use, their size and what pruning would free. */
export interface DiskUsageRow {
  type: 'Images' | 'Containers' | 'Local Volumes' | 'Build Cache';
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + Math.max(0, b), 0);

/** Totals as `docker system df` computes them from the engine's /system/df answer. */
export function summarizeDockerDf(raw: unknown): DiskUsageRow[] {
  const df = dfSchema.parse(raw);
  const images = df.Images ?? [];
  const usedImages = images.filter((i) => (i.Containers ?? 0) > 0);
  const imageSize = df.LayersSize ?? sum(images.map((i) => i.Size));
  const imageUsed = sum(usedImages.map((i) => (i.SharedSize === undefined || i.SharedSize < 0 ? 0 : i.Size - i.SharedSize)));
  const containers = df.Containers ?? [];
  const volumes = (df.Volumes ?? []).map((v) => v.UsageData ?? { Size: 0, RefCount: 1 });
  const cache = df.BuildCache ?? [];
  return [
    {
      type: 'Images',
      total: images.length,
      active: usedImages.length,
      size: imageSize,
      reclaimable: Math.max(0, imageSize - imageUsed),
    },
    {
      type: 'Containers',
      total: containers.length,
      active: containers.filter((c) => c.State === 'running').length,
      size: sum(containers.map((c) => c.SizeRw ?? 0)),
      reclaimable: sum(containers.filter((c) => c.State !== 'running').map((c) => c.SizeRw ?? 0)),
    },
    {
      type: 'Local Volumes',
      total: volumes.length,
      active: volumes.filter((v) => v.RefCount > 0).length,
      size: sum(volumes.map((v) => v.Size)),
      reclaimable: sum(volumes.filter((v) => v.RefCount === 0).map((v) => v.Size)),
    },
    {
      type: 'Build Cache',
      total: cache.length,
      active: cache.filter((b) => b.InUse).length,
      size: sum(cache.map((b) => b.Size)),
      reclaimable: sum(cache.filter((b) => !b.InUse && !b.Shared).map((b) => b.Size)),
    },
  ];
}

/** The rows as a `docker system df`-like table. */
export function dockerDfTable(rows: DiskUsageRow[]): string {
  return formatTable([
    ['TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'],
    ...rows.map((r) => [r.type, String(r.total), String(r.active), formatBytes(r.size), formatBytes(r.reclaimable)]),
  ]);
}

const ZH_TYPE: Record<DiskUsageRow['type'], string> = {
  Images: '镜像',
  Containers: '容器',
  'Local Volumes': '数据卷',
  'Build Cache': '构建缓存',
};

/**
 * Docker's disk usage as an informational (`ok`) finding plus a table, within `budgetMs` (or the
 * probe's own deadline, whichever is first). Never rejects: an engine that is down or slow gives
 * an `ok` note saying so, so it never changes the disk verdict.
 */
export async function dockerDiskUsage(
  docker: Docker,
  signal: AbortSignal,
  budgetMs: number,
  redact: (s: string) => string,
): Promise<{ finding: Finding; table?: string }> {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(budgetMs)]);
  try {
    // @types/dockerode omits df's options, but dockerode passes abortSignal through like everywhere else.
    const engine = docker as unknown as { df(opts: { abortSignal: AbortSignal }): Promise<unknown> };
    const rows = summarizeDockerDf(await engine.df({ abortSignal: deadline }));
    const total = sum(rows.map((r) => r.reclaimable));
    const en = rows.map((r) => `${r.type.toLowerCase()} ${formatBytes(r.size)}`).join(', ');
    const zh = rows.map((r) => `${ZH_TYPE[r.type]} ${formatBytes(r.size)}`).join('，');
    return {
      finding: {
        verdict: 'ok',
        text: L(`docker: ${en}; ${formatBytes(total)} reclaimable`, `docker：${zh}；可回收 ${formatBytes(total)}`),
      },
      table: dockerDfTable(rows),
    };
  } catch (err) {
    const why = deadline.aborted
      ? L(`no answer within ${(budgetMs / 1000).toFixed(1)} s`, `${(budgetMs / 1000).toFixed(1)} 秒内无响应`)
      : describeFailure(err, redact).text;
    return {
      finding: {
        verdict: 'ok',
        text: L(`docker disk usage not available (${why.en})`, `无法获取 docker 磁盘占用（${why['zh-CN']}）`),
      },
    };
  }
}
