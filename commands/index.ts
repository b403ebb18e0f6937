import type { CommandSpec } from '../src/core/command.js';
import type { CommandGroup } from '../src/core/registry.js';
import { CommandRegistry } from '../src/core/registry.js';
import ack from './ack.js';
import action from './action.js';
import approve from './approve.js';
import purge from './cache/purge.js';
import check from './check.js';
import cleanup from './cleanup.js';
import deny from './deny.js';
import diagnose from './diagnose.js';
import help from './help.js';
import declare from './incident/declare.js';
import exportIncident from './incident/export.js';
import list from './incident/list.js';
import note from './incident/note.js';
import pin from './incident/pin.js';
import reopen from './incident/reopen.js';
import resolve from './incident/resolve.js';
import role from './incident/role.js';
import sev from './incident/sev.js';
import show from './incident/show.js';
import stats from './incident/stats.js';
import status from './incident/status.js';
import timeline from './incident/timeline.js';
import killQuery from './kill-query.js';
import logs from './logs.js';
import oncall from './oncall.js';
import page from './page.js';
import paging from './paging.js';
import requests from './requests.js';
import restart from './restart.js';

/** Command groups (top-level slash commands that only hold sub-commands). */
export const GROUPS: CommandGroup[] = [
  { name: 'incident', summary: { en: 'Declare and run incidents', 'zh-CN': '宣告和处理故障' } },
  { name: 'cache', summary: { en: 'Redis cache remediations (need approval)', 'zh-CN': 'Redis 缓存修复操作（需审批）' } },
];

/** Every chat command zhiban has; manifest.yml must declare the same slash commands. */
export const COMMANDS: CommandSpec[] = [help, declare, note, sev, status, role, resolve, reopen, list, show, timeline, exportIncident, pin, stats, check, diagnose, logs, restart, cleanup, killQuery, purge, action, approve, deny, requests, page, ack, paging, oncall] as CommandSpec[];

/** A registry with every group and command registered (throws at start-up on a bad definition). */
export function buildRegistry(): CommandRegistry {
  const registry = new CommandRegistry();
  for (const g of GROUPS) registry.registerGroup(g);
  for (const c of COMMANDS) registry.register(c);
  return registry;
}
