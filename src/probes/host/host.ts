import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Localized } from '../../core/i18n/index.js';
import { formatBytes, formatTable, localizedDuration, percent } from '../format.js';
import { L, worst } from '../run-probe.js';
import type { Finding, Probe } from '../types.js';
import type { HostProbeConfig } from './config.js';

/** Memory as `free -h` reads it; `available` is MemAvailable when the kernel reports it. */
export interface MemoryUsage {
  total: number;
  available: number;
  usedPct: number;
  swapTotal: number;
  swapFree: number;
  /** Where `available` came from: /proc/meminfo MemAvailable, or os.freemem() (counts no cache). */
  source: 'meminfo' | 'freemem';
}

/** Parses /proc/meminfo (`MemAvailable:  123 kB` lines) into bytes by key. */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?$/gm)) out.set(m[1]!, Number(m[2]) * 1024);
  return out;
}

/** Reads memory use from /proc/meminfo, falling back to os.totalmem/os.freemem where it is missing. */
export async function memoryUsage(meminfoPath = '/proc/meminfo'): Promise<MemoryUsage> {
  const info = await readFile(meminfoPath, 'utf8').then(parseMeminfo, () => new Map<string, number>());
  const total = info.get('MemTotal') ?? os.totalmem();
  const memAvailable = info.get('MemAvailable');
  const available = memAvailable ?? os.freemem();
  return {
    total,
    available,
    usedPct: percent(total - available, total),
    swapTotal: info.get('SwapTotal') ?? 0,
    swapFree: info.get('SwapFree') ?? 0,
    source: memAvailable === undefined ? 'freemem' : 'meminfo',
  };
}

/** What the host probe read: CPU cores, 1/5/15-minute load, memory, seconds since boot. */
export interface HostSample {
  cores: number;
  loads: [number, number, number];
  mem: MemoryUsage;
  uptimeSeconds: number;
}

/**
 * Judges a host sample: `warn` when the 1-minute load per core reaches `loadWarnPerCore` or memory
 * use reaches `memoryWarnPct` (both at or above the threshold). Pure.
 */
export function assessHost(h: HostSample, cfg: HostProbeConfig): { findings: Finding[]; summary: Localized } {
  const [l1] = h.loads;
  const perCore = l1 / h.cores;
  const loads = h.loads.map((l) => l.toFixed(2)).join(' ');
  const up = localizedDuration(h.uptimeSeconds * 1000);
  const findings: Finding[] = [
    {
      verdict: perCore >= cfg.loadWarnPerCore ? 'warn' : 'ok',
      text: L(
        `load ${loads} on ${h.cores} cores (${perCore.toFixed(2)} per core, warning at ${cfg.loadWarnPerCore})`,
        `负载 ${loads}，${h.cores} 核（每核 ${perCore.toFixed(2)}，告警阈值 ${cfg.loadWarnPerCore}）`,
      ),
    },
    {
      verdict: h.mem.usedPct >= cfg.memoryWarnPct ? 'warn' : 'ok',
      text: L(
        `memory ${h.mem.usedPct}% used, ${formatBytes(h.mem.available)} available of ${formatBytes(h.mem.total)}`,
        `内存已用 ${h.mem.usedPct}%，可用 ${formatBytes(h.mem.available)}，共 ${formatBytes(h.mem.total)}`,
      ),
    },
    { verdict: 'ok', text: L(`up ${up.en}`, `已运行 ${up['zh-CN']}`) },
  ];
  const summary = L(
    `load ${l1.toFixed(2)} on ${h.cores} cores, memory ${h.mem.usedPct}% used, up ${up.en}`,
    `负载 ${l1.toFixed(2)}（${h.cores} 核），内存已用 ${h.mem.usedPct}%，已运行 ${up['zh-CN']}`,
  );
  return { findings, summary };
}

/**
 * The host probe (manual 2.1 `top`, `free -h`): 1/5/15-minute load against CPU cores, memory use
 * and uptime, judged by `assessHost`. Read-only, Node APIs only.
 */
export function hostProbe(cfg: HostProbeConfig): Probe {
  const target = `host ${os.hostname()}`;
  return {
    probe: 'host',
    target,
    async run() {
      const [l1 = 0, l5 = 0, l15 = 0] = os.loadavg();
      const sample: HostSample = { cores: os.availableParallelism(), loads: [l1, l5, l15], mem: await memoryUsage(), uptimeSeconds: os.uptime() };
      const { findings, summary } = assessHost(sample, cfg);
      const { mem, cores } = sample;
      const swapUsed = mem.swapTotal - mem.swapFree;
      const detail = formatTable([
        ['', 'TOTAL', 'AVAILABLE', 'USE%'],
        ['Mem', formatBytes(mem.total), formatBytes(mem.available), `${mem.usedPct}%`],
        ['Swap', formatBytes(mem.swapTotal), formatBytes(mem.swapFree), `${percent(swapUsed, mem.swapTotal)}%`],
        ['Load', sample.loads.map((l) => l.toFixed(2)).join(' '), `${cores} cores`, ''],
      ]);
      return { probe: 'host', target, verdict: worst(findings.map((f) => f.verdict)), summary, findings, detail };
    },
  };
}
