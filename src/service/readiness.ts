import type { AdapterHealth } from '../runtime/chat-adapter.js';
import type { Store } from '../store/port.js';

/** One line of the readiness report. */
export interface ReadyCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** What `/readyz` looks at. */
export interface ReadinessDeps {
  store: Store;
  /** The state of each configured chat platform. */
  platforms(): AdapterHealth[];
  /** When the timer loop last finished a round (epoch ms), if ever. */
  lastTickAt(): number | undefined;
  /** The timer loop's interval: a round older than three of them is late. */
  tickEveryMs: number;
  /** True once shutdown began (no new commands are taken). */
  draining(): boolean;
  /** Wall-clock now (epoch ms). */
  now(): number;
  /** How long the store may take to answer (default 2 s). */
  storeTimeoutMs?: number;
}

/** A record kind nothing writes: reading it costs one lookup in every store. */
const PROBE_KIND = 'zhiban-readyz';

/**
 * Whether this zhiban can take work now: not shutting down, the store answers a cheap read within
 * its deadline, every configured platform is connected, and the timer loop finished a round
 * recently. Never throws and never waits longer than the store deadline.
 */
export async function readiness(deps: ReadinessDeps): Promise<ReadyCheck[]> {
  const checks: ReadyCheck[] = [];
  if (deps.draining()) checks.push({ name: 'shutdown', ok: false, detail: 'shutting down: finishing work in progress, taking no new commands' });
  checks.push(await storeCheck(deps.store, deps.storeTimeoutMs ?? 2_000));
  const platforms = deps.platforms();
  if (platforms.length === 0 && !deps.draining()) checks.push({ name: 'chat', ok: false, detail: 'no chat platform is running yet' });
  for (const p of platforms) {
    const ok = p.state === 'connected';
    checks.push({ name: `chat ${p.platform}`, ok, detail: ok ? 'connected' : `${p.state} since ${new Date(p.since).toISOString()}` });
  }
  const last = deps.lastTickAt();
  const age = last === undefined ? undefined : deps.now() - last;
  const late = age === undefined || age > deps.tickEveryMs * 3;
  checks.push({
    name: 'timers',
    ok: !late,
    detail: age === undefined ? 'the timer loop has not finished a round yet' : `last round ${Math.round(age / 1000)} s ago${late ? ` (expected every ${deps.tickEveryMs / 1000} s)` : ''}`,
  });
  return checks;
}

async function storeCheck(store: Store, timeoutMs: number): Promise<ReadyCheck> {
  const where = `${store.info().kind} ${store.info().location}`;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  try {
    const answer = await Promise.race([store.getRecord(PROBE_KIND, 'ping').then(() => 'ok' as const), late]);
    if (answer === 'late') return { name: 'store', ok: false, detail: `${where} did not answer within ${timeoutMs} ms` };
    return { name: 'store', ok: true, detail: `${where} reachable` };
  } catch (err) {
    return { name: 'store', ok: false, detail: `${where} unreachable: ${(err as Error)?.message ?? String(err)}` };
  } finally {
    clearTimeout(timer);
  }
}
