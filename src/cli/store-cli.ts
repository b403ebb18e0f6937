import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/schema.js';
import { copyStore } from '../store/copy.js';
import { FileStore } from '../store/file-store.js';
import type { Store } from '../store/port.js';
import { StoreStartError } from '../store/redis/start-error.js';
import { RedisStore } from '../store/redis/redis-store.js';
import type { KeyGroup } from '../store/redis/stats.js';
import { SystemClock } from '../runtime/system-clock.js';

/** Usage of `zhiban store`, in both languages. */
export const STORE_USAGE = `Usage:
  zhiban store stats [--config <file>] [--data <dir>] [--from <store>]   sizes of the store (default: the configured one)
  zhiban store copy --from <store> --to <store> [--prefix <p>]           copy everything, then read both back and compare
  zhiban store rebuild-index [--config <file>] [--from <store>]           recompute every incident summary and the open index from the timelines
  <store> is file:<dir> or redis://[user:password@]host:port[/db] (rediss:// for TLS); --prefix is the Redis key prefix (default zhiban:)
用法：
  zhiban store stats   显示存储的大小（默认为配置中的存储）
  zhiban store copy --from <存储> --to <存储>   复制全部数据，然后读回两边并比较；<存储> 为 file:<目录> 或 redis://…
  zhiban store rebuild-index   根据时间线重建每个事件的摘要和未关闭事件索引
`;

/** A store opened by the CLI, with what the port does not tell: its record kinds and its sizes. */
interface Opened {
  store: Store;
  kinds(): Promise<string[]>;
  sizes(): Promise<KeyGroup[]>;
}

/** Where the CLI writes. */
export interface StoreCliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** Keys (files) and bytes per group of a data folder, like RedisStore.sizes(). */
async function folderSizes(dir: string): Promise<KeyGroup[]> {
  const groups = new Map<string, KeyGroup>();
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true }).catch(() => [])) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        const parts = relative(dir, path).split(sep);
        const name = parts[0] === 'records' && parts.length > 2 ? `records/${parts[1]}` : parts[0] === 'timers.json' ? 'timers' : parts.length > 1 ? parts[0]! : 'other';
        const g = groups.get(name) ?? { group: name, keys: 0, bytes: 0 };
        g.keys++;
        g.bytes += (await stat(path)).size;
        groups.set(name, g);
      }
    }
  };
  await walk(dir);
  return [...groups.values()].sort((a, b) => (a.group < b.group ? -1 : 1));
}

/** Opens `spec` (`file:<dir>`, `redis://…`, `rediss://…`), or the configured store when spec is undefined. */
async function openSpec(spec: string | undefined, prefix: string | undefined, config: Config, dataDir: string): Promise<Opened> {
  if (spec === undefined && config.store.kind === 'redis') {
    const store = await RedisStore.open(config.store);
    return { store, kinds: () => store.listRecordKinds(), sizes: () => store.sizes() };
  }
  if (spec === undefined || spec.startsWith('file:')) {
    const dir = resolve(spec === undefined ? dataDir : spec.slice('file:'.length));
    const store = await FileStore.open({ dir, clock: new SystemClock() });
    const kinds = async () => (await readdir(join(dir, 'records'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    return { store, kinds, sizes: () => folderSizes(dir) };
  }
  if (/^rediss?:\/\//.test(spec)) {
    const store = await RedisStore.open({ url: spec, prefix: prefix ?? 'zhiban:', timeoutMs: 5000 });
    return { store, kinds: () => store.listRecordKinds(), sizes: () => store.sizes() };
  }
  throw new StoreStartError(`unknown store "${spec}": use file:<dir> or redis://host:port`);
}

/** Bytes in KiB/MiB for people. */
function human(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

async function stats(opened: Opened, io: StoreCliIo): Promise<number> {
  const { store } = opened;
  const info = store.info();
  const [incidents, timers, sizes] = await Promise.all([store.listIncidents(), store.listTimers(), opened.sizes()]);
  const lines = [`store: ${info.kind} ${info.location}`, `incidents: ${incidents.length} · timers: ${timers.length}`, ''];
  const width = Math.max(5, ...sizes.map((g) => g.group.length));
  lines.push(`${'group'.padEnd(width)}  ${'keys'.padStart(8)}  ${'size'.padStart(10)}`);
  for (const g of sizes) lines.push(`${g.group.padEnd(width)}  ${String(g.keys).padStart(8)}  ${human(g.bytes).padStart(10)}`);
  io.out.write(`${lines.join('\n')}\n`);
  return 0;
}

async function copy(from: Opened, to: Opened, io: StoreCliIo): Promise<number> {
  const report = await copyStore(from.store, to.store, await from.kinds());
  const what = `${report.incidents} incidents (${report.events} events copied), ${report.records} records, ${report.timers} timers`;
  if (report.mismatches.length === 0) {
    io.out.write(`copied ${what} from ${from.store.info().location} to ${to.store.info().location}; read both back: identical\n已复制并读回核对：两边一致\n`);
    return 0;
  }
  io.err.write(`copied ${what}, but reading both back found differences:\n${report.mismatches.map((m) => `  - ${m}`).join('\n')}\n复制后读回核对发现不一致（见上）\n`);
  return 1;
}

/**
 * `zhiban store <sub>`: `stats`, `copy` and `rebuild-index`. Resolves to the exit code: 0 done, 1 the copy found
 * differences, 2 bad usage or a store that cannot be opened (its URL shown with the password redacted).
 */
export async function runStoreCli(args: string[], flags: { from?: string; to?: string; prefix?: string }, config: Config, dataDir: string, io: StoreCliIo): Promise<number> {
  const [sub] = args;
  const opened: Opened[] = [];
  try {
    if (sub === 'stats') {
      opened.push(await openSpec(flags.from, flags.prefix, config, dataDir));
      return await stats(opened[0]!, io);
    }
    if (sub === 'rebuild-index') {
      opened.push(await openSpec(flags.from, flags.prefix, config, dataDir));
      const report = await opened[0]!.store.rebuildIndex();
      const damaged = report.damaged.length ? `; damaged, see zhiban's log: ${report.damaged.join(', ')}` : '';
      io.out.write(`rebuilt ${report.incidents} incident summaries, ${report.open} open${damaged}\n已重建 ${report.incidents} 个事件摘要，其中 ${report.open} 个未关闭\n`);
      return 0;
    }
    if (sub === 'copy' && flags.from && flags.to) {
      opened.push(await openSpec(flags.from, flags.prefix, config, dataDir));
      opened.push(await openSpec(flags.to, flags.prefix, config, dataDir));
      return await copy(opened[0]!, opened[1]!, io);
    }
    io.err.write(STORE_USAGE);
    return 2;
  } catch (err) {
    if (!(err instanceof StoreStartError)) throw err;
    io.err.write(`${err.message}\n无法打开存储（见上）\n`);
    return 2;
  } finally {
    await Promise.all(opened.map((o) => o.store.close()));
  }
}
