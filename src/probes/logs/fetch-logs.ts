import type Docker from 'dockerode';
import type { LogsResult } from '../../core/checks/port.js';
import type { Clock } from '../../core/clock.js';
import { L, truncate, wallClock } from '../run-probe.js';
import type { DockerProbeConfig } from '../docker/config.js';
import { ProbeInputError } from '../docker/errors.js';
import { listServiceContainers, resolveServiceOnEngine, type ServiceContainer } from '../docker/services.js';
import { demultiplex } from './demux.js';
import { parseSince } from './since.js';

/** Lines returned when the request names no `tail`. */
export const DEFAULT_TAIL = 200;
/** Most lines one request may return. */
export const MAX_TAIL = 2000;
/** With `grep`, how many of the latest lines are searched (like `docker logs | grep | tail`, bounded). */
export const SCAN_LINES = 5000;
/** Longest line kept; longer lines are cut with a marker. */
export const MAX_LINE_CHARS = 1000;
/**
 * Longest part of a line that is redacted and searched; the rest is never shown (lines are cut to
 * MAX_LINE_CHARS after redaction), so a megabyte line costs no more than this.
 */
export const MAX_SCAN_LINE_CHARS = 16 * MAX_LINE_CHARS;
/** Most bytes of lines returned; older lines are dropped first, behind a marker line. */
export const MAX_OUTPUT_BYTES = 64 * 1024;
/** Longest accepted `grep` text. */
export const MAX_GREP_CHARS = 200;

/** What `/logs` asks for. `service` may also name one container of a configured service. */
export interface LogRequest {
  service: string;
  /** A container of the service to read instead of the first running one. */
  container?: string;
  /** Plain, case-insensitive substring (never a regex); matched against the redacted line. */
  grep?: string;
  /** Window such as `10m` (see `parseSince`). */
  since?: string;
  /** How many (matching) lines, 1…MAX_TAIL; default DEFAULT_TAIL. */
  tail?: number;
  /** Where `since` counts back from; the app passes its clock (default: the wall clock). */
  clock?: Clock;
}

/**
 * Redacted, bounded log lines of one container, oldest first, each `<ISO time> <text>` with
 * stdout and stderr interleaved as the engine returned them. When output bounds cut anything,
 * `truncated` is true and the first line is a bilingual marker saying what was left out.
 * `others` are the service's containers not read (ask for one with `container`); `scanned`
 * counts the lines read from the engine, `matched` those that matched `grep` (all without it).
 */
export interface LogResult extends LogsResult {
  /** True when `grep` searched only the latest SCAN_LINES lines and there may be older matches. */
  scanLimited: boolean;
}

function validTail(tail: number | undefined): number {
  if (tail === undefined) return DEFAULT_TAIL;
  if (Number.isInteger(tail) && tail >= 1 && tail <= MAX_TAIL) return tail;
  throw new ProbeInputError(
    L(`invalid line count "${tail}": use a whole number from 1 to ${MAX_TAIL}`, `无效的行数“${tail}”：请使用 1 到 ${MAX_TAIL} 之间的整数`),
  );
}

function validGrep(grep: string | undefined): string | undefined {
  if (grep === undefined || grep === '') return undefined;
  if (grep.length <= MAX_GREP_CHARS) return grep.toLowerCase();
  throw new ProbeInputError(L(`search text too long: at most ${MAX_GREP_CHARS} characters`, `搜索文本过长：最多 ${MAX_GREP_CHARS} 个字符`));
}

/** The container to read: the one asked for, else the first running one, else the last to stop. */
function pickContainer(service: string, containers: ServiceContainer[], wanted?: string): ServiceContainer {
  if (wanted !== undefined) {
    const found = containers.find((c) => c.name === wanted);
    if (found) return found;
    const names = containers.map((c) => c.name).join(', ') || '-';
    const asked = wanted.slice(0, 80);
    throw new ProbeInputError(
      L(
        `service ${service} has no container "${asked}"; its containers: ${names}`,
        `服务 ${service} 没有容器“${asked}”；它的容器：${names}`,
      ),
    );
  }
  const running = containers.find((c) => c.state === 'running');
  const latest = [...containers].sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))[0];
  const chosen = running ?? latest;
  if (chosen) return chosen;
  throw new ProbeInputError(L(`service ${service} has no container on the engine`, `服务 ${service} 在引擎上没有容器`));
}

/** `2026-11-22T05:31:24.117068152Z tick 1` → time cut to milliseconds, and the message. */
function splitTimestamp(line: string): { time: string; message: string } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,3})?\d*(Z|[+-]\d\d:\d\d) ?(.*)$/s.exec(line);
  return m ? { time: `${m[1]}${m[2] ?? ''}${m[3]}`, message: m[4] ?? '' } : { time: '', message: line };
}

/** Keeps the newest lines that fit MAX_OUTPUT_BYTES, with a marker line first when any were dropped. */
function bound(lines: string[], anyCut: boolean): { lines: string[]; truncated: boolean } {
  let bytes = 0;
  let keepFrom = lines.length;
  while (keepFrom > 0 && bytes + Buffer.byteLength(lines[keepFrom - 1]!) + 1 <= MAX_OUTPUT_BYTES) {
    keepFrom -= 1;
    bytes += Buffer.byteLength(lines[keepFrom]!) + 1;
  }
  if (keepFrom === 0) return { lines, truncated: anyCut };
  const kib = MAX_OUTPUT_BYTES / 1024;
  const marker =
    `… [truncated: ${keepFrom} earlier lines omitted, output limit ${kib} KiB · ` +
    `已截断：省略了更早的 ${keepFrom} 行，输出上限 ${kib} KiB]`;
  return { lines: [marker, ...lines.slice(keepFrom)], truncated: true };
}

/**
 * Reads the latest log lines of a service's container through the Docker API (read-only): both
 * stdout and stderr, optionally only the last `since` window and only lines containing `grep`,
 * at most `tail` lines. Every line is redacted before it is matched or returned, so a search
 * cannot probe for a secret's value.
 * @throws ProbeInputError for a bad `since`/`tail`/`grep`, an unknown service or container, or a
 *   logging driver Docker cannot read back; engine errors as dockerode raises them.
 */
export async function fetchLogs(
  docker: Docker,
  cfg: DockerProbeConfig,
  req: LogRequest,
  signal: AbortSignal,
  redact: (s: string) => string,
): Promise<LogResult> {
  const tail = validTail(req.tail);
  const grep = validGrep(req.grep);
  const sinceSeconds = req.since !== undefined ? parseSince(req.since) : undefined;
  const spec = await resolveServiceOnEngine(docker, cfg, req.service, signal);
  const containers = await listServiceContainers(docker, cfg, spec, signal);
  const chosen = pickContainer(spec.name, containers, req.container);
  const nowSeconds = Math.floor((req.clock ?? wallClock).now() / 1000);
  const requested = grep ? SCAN_LINES : tail;
  let raw: Buffer;
  try {
    raw = await docker.getContainer(chosen.id).logs({
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: false,
      tail: requested,
      ...(sinceSeconds !== undefined ? { since: nowSeconds - sinceSeconds } : {}),
      abortSignal: signal,
    });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 501) throw err;
    throw new ProbeInputError(
      L(`${chosen.name} uses a logging driver that Docker cannot read back`, `${chosen.name} 使用的日志驱动不支持通过 Docker 读取日志`),
    );
  }
  const all = demultiplex(raw, chosen.tty).map((l) => splitTimestamp(l.text));
  let anyCut = false;
  const matching = all
    .map(({ time, message }) => ({ time, message: redact(message.slice(0, MAX_SCAN_LINE_CHARS)) }))
    .filter(({ message }) => grep === undefined || message.toLowerCase().includes(grep));
  const lines = matching.slice(-tail).map(({ time, message }) => {
    const cut = truncate(message, MAX_LINE_CHARS, ' … [line cut · 行已截断]');
    anyCut ||= cut !== message;
    return time ? `${time} ${cut}` : cut;
  });
  const bounded = bound(lines, anyCut);
  return {
    service: spec.name,
    container: chosen.name,
    containerState: chosen.state,
    others: containers.filter((c) => c.id !== chosen.id).map((c) => c.name),
    lines: bounded.lines,
    truncated: bounded.truncated,
    scanned: all.length,
    matched: matching.length,
    scanLimited: grep !== undefined && all.length >= SCAN_LINES,
  };
}
