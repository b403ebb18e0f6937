import { L } from '../run-probe.js';
import { ProbeInputError } from '../docker/errors.js';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
/** The longest window `--since` accepts. */
export const MAX_SINCE_SECONDS = 30 * 86400;

/**
 * Parses a log window such as `30s`, `10m`, `2h`, `1d` (a positive whole number and one unit)
 * into seconds, at most 30 days.
 * @throws ProbeInputError listing the valid forms for anything else.
 */
export function parseSince(text: string): number {
  const m = /^\s*(\d{1,7})\s*([smhd])\s*$/i.exec(text);
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase() as keyof typeof UNIT_SECONDS] : 0;
  if (seconds > 0 && seconds <= MAX_SINCE_SECONDS) return seconds;
  const shown = text.slice(0, 40);
  throw new ProbeInputError(
    L(
      `invalid time window "${shown}": use a whole number followed by s, m, h or d (e.g. 30s, 10m, 2h, 1d), at most 30d`,
      `无效的时间范围“${shown}”：请使用整数加单位 s、m、h 或 d（例如 30s、10m、2h、1d），最长 30d`,
    ),
  );
}
