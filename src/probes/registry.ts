import type { CheckTargetDef, ProbeFamily } from './define.js';
import docker from './docker/index.js';
import host from './host/index.js';
import http from './http/index.js';
import mysql from './mysql/index.js';
import orders from './orders/index.js';
import redis from './redis/index.js';
import tls from './tls/index.js';
import backup from './backup/index.js';
import mq from './mq/index.js';

/**
 * Every probe family, in the order `/check` lists its targets. This table is the only place a
 * probe is registered: the `probes:` config schema, the `/check` targets and their usage and help,
 * and `/check all` are all derived from it. Adding a probe is its folder plus one line here.
 */
export const PROBES = [docker, host, mysql, redis, http, orders, mq, tls, backup] as const;

/** The pseudo-target that runs every target with `inAll` (the default) in parallel. */
export const ALL_TARGET = 'all';

/** Every check target of `families` (the registry by default), in order, without `all`. */
export function checkTargets(families: readonly ProbeFamily[] = PROBES): CheckTargetDef[] {
  return families.flatMap((p) => p.targets);
}

/** What `/check` accepts: every target's name, then `all`. */
export function checkTargetNames(families: readonly ProbeFamily[] = PROBES): [string, ...string[]] {
  const names: string[] = [...checkTargets(families).map((t) => t.name), ALL_TARGET];
  return names as [string, ...string[]];
}
