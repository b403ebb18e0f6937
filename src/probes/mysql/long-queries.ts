import type { ReadOnlySession } from './connection.js';
import { textOrNull } from './format.js';

/** Someone else's statement that has been running for a while (from information_schema.PROCESSLIST). */
export interface LongQuery {
  id: number;
  user: string;
  host: string;
  db: string | null;
  timeSeconds: number;
  state: string | null;
  /** Statement text as the server shows it, cut at 1024 characters; unredacted: mask before showing. */
  info: string | null;
}

/**
 * Statements running for at least `minSeconds`, longest first, at most `limit` of them. Never lists
 * the session's own thread, idle (Sleep) connections, or server and replication threads. This is
 * the structured list a remediation (KILL) re-checks its target against.
 */
export async function listLongQueries(
  session: ReadOnlySession,
  minSeconds: number,
  limit: number,
): Promise<LongQuery[]> {
  const values = [Math.max(0, Math.floor(minSeconds)), Math.max(1, Math.floor(limit))];
  const rows = await session.select('longQueries', values);
  return rows.map((r) => ({
    id: Number(r.id),
    user: String(r.user ?? ''),
    host: String(r.host ?? ''),
    db: textOrNull(r.db),
    timeSeconds: Number(r.time_seconds),
    state: textOrNull(r.state),
    info: textOrNull(r.info),
  }));
}
