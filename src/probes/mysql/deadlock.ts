import { truncate } from '../run-probe.js';
import type { ReadOnlySession } from './connection.js';
import { maskedLine } from './format.js';

/** The "LATEST DETECTED DEADLOCK" section of SHOW ENGINE INNODB STATUS, digested. */
export interface Deadlock {
  /** When InnoDB detected it, `YYYY-MM-DD HH:MM:SS` in the server's system time zone. */
  at: string;
  /** Seconds between detection and the server's clock; undefined when the time could not be read. */
  ageSeconds: number | undefined;
  /** Thread ids of the transactions involved. */
  threads: number[];
  /** Tables whose locks were involved, as `db`.`table`. */
  tables: string[];
  /** The transaction InnoDB rolled back, e.g. `(1)`, when it says so. */
  rolledBack: string | undefined;
  /** Bounded excerpt without the record hex dumps, password literals masked. */
  excerpt: string;
}

const HEADER = 'LATEST DETECTED DEADLOCK';
const NEXT_SECTION = /\n-{3,}\n[A-Z][A-Z /]*\n-{3,}(\n|$)/;
const NOISE = /^\s*(\d+: len \d+;|Record lock, heap no|mysql tables in use|LOCK WAIT \d+ lock struct|-+$)/;
const EXCERPT_MAX = 1500;

/** `YYYY-MM-DD HH:MM:SS` read as if UTC: only differences between two such stamps are meaningful. */
function stampMs(stamp: string): number {
  return Date.parse(`${stamp.replace(' ', 'T')}Z`);
}

/**
 * Extracts the latest deadlock from an InnoDB status text; `undefined` when none was detected
 * since the server started. `systemNow` is the server's clock in the same zone (ServerInfo.systemNow).
 */
export function parseLatestDeadlock(status: string, systemNow: string): Deadlock | undefined {
  const start = status.indexOf(HEADER);
  if (start < 0) return undefined;
  const afterHeader = status.slice(start + HEADER.length).replace(/^\n-+\n/, '');
  const end = afterHeader.search(NEXT_SECTION);
  const section = end < 0 ? afterHeader : afterHeader.slice(0, end);
  const at = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})/.exec(section.trimStart())?.[1] ?? '';
  const age = at ? (stampMs(systemNow) - stampMs(at)) / 1000 : NaN;
  const lines = section.split('\n').filter((l) => l.trim() !== '' && !NOISE.test(l));
  const rollback = lines.find((l) => l.startsWith('*** WE ROLL BACK'));
  let excerpt = lines.map((l) => maskedLine(l, 200)).join('\n');
  if (excerpt.length > EXCERPT_MAX) {
    excerpt = truncate(excerpt, EXCERPT_MAX - (rollback?.length ?? 0) - 1) + (rollback ? `\n${rollback}` : '');
  }
  return {
    at,
    ageSeconds: Number.isFinite(age) ? Math.max(0, age) : undefined,
    threads: [...new Set([...section.matchAll(/thread id (\d+)/g)].map((m) => Number(m[1])))],
    tables: [...new Set([...section.matchAll(/of table (`[^`]+`\.`[^`]+`)/g)].map((m) => m[1] ?? ''))],
    rolledBack: /\*\*\* WE ROLL BACK TRANSACTION (\(\d+\))/.exec(section)?.[1],
    excerpt,
  };
}

/** Reads SHOW ENGINE INNODB STATUS (needs the PROCESS privilege) and returns the latest deadlock, if any. */
export async function latestDeadlock(session: ReadOnlySession): Promise<Deadlock | undefined> {
  const rows = await session.select('innodbStatus');
  const status = String(rows[0]?.Status ?? '');
  return parseLatestDeadlock(status, session.info.systemNow);
}
