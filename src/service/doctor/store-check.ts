import { existsSync } from 'node:fs';
import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { openStore } from '../../store/open-store.js';
import { say, type DoctorItem } from './checklist.js';

/**
 * The store answers a read, and how durable its acknowledged writes are: the file store fsyncs,
 * the memory store keeps nothing, the Redis store is judged by CONFIG GET appendonly/appendfsync
 * (or store.waitReplicas). A missing data folder is fine (it is created at the first start) and
 * is not created here.
 */
export async function checkStore(config: Config, dataDir: string, clock: Clock): Promise<DoctorItem[]> {
  const sc = config.store;
  if (sc.kind === 'file' && !existsSync(dataDir)) return [{ status: 'ok', what: say('doctor.store.new', { location: dataDir }) }];
  const location = sc.kind === 'file' ? dataDir : sc.kind === 'memory' ? 'memory' : '';
  let store;
  try {
    store = await openStore(sc, { dataDir, clock, logger: silentLogger });
    await store.getRecord('zhiban-doctor', 'ping');
  } catch (err) {
    const fix = sc.kind === 'redis' ? say('doctor.store.fixRedis') : say('doctor.store.fixFile');
    const reason = (err as Error)?.message ?? String(err);
    await store?.close().catch(() => undefined);
    return [{ status: 'fail', what: say('doctor.store.fail', { kind: sc.kind, location: location || redisWhere(reason), reason }), fix }];
  }
  const info = store.info();
  const items: DoctorItem[] = [{ status: 'ok', what: say('doctor.store.ok', { kind: info.kind, location: info.location }) }];
  try {
    items.push(await durability(config, store));
  } finally {
    await store.close();
  }
  return items;
}

async function durability(config: Config, store: { info(): { location: string } }): Promise<DoctorItem> {
  const sc = config.store;
  if (sc.kind === 'memory') return { status: 'warn', what: say('doctor.durability.memory'), fix: say('doctor.durability.fixMemory') };
  if (sc.kind === 'file') return { status: 'ok', what: say('doctor.durability.file') };
  if (sc.waitReplicas > 0) return { status: 'ok', what: say('doctor.durability.redisWait', { count: sc.waitReplicas }) };
  const { connectRedis, durabilityWarning } = await import('../../store/redis/connection.js');
  const client = await connectRedis({ ...sc, ...(sc.url ? { url: sc.url } : {}) }, silentLogger);
  try {
    const warning = await durabilityWarning(client, store.info().location, 0);
    return warning ? { status: 'warn', what: say('doctor.durability.warn', { warning }) } : { status: 'ok', what: say('doctor.durability.redisAof') };
  } finally {
    client.disconnect();
  }
}

/** The Redis target named in a start error (`cannot reach the Redis store at <where>: …`). */
function redisWhere(reason: string): string {
  return /store at (.+?): /.exec(reason)?.[1] ?? 'redis';
}
