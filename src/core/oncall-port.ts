import type { Reply } from './reply.js';
import type { ZhibanUser } from './users.js';
import type { ViewContext } from './view-context.js';

/** What `/oncall swap` and `/oncall override` ask for; `words` are the rotation, user and times as typed. */
export interface OverrideRequest {
  kind: 'swap' | 'override';
  words: string[];
  reason?: string;
  force: boolean;
}

/**
 * On-call rotations as `/oncall` sees them (implemented outside core, where time zones are
 * computed): who is on duty, the schedule, overrides and the hand-off note. Every answer is a
 * finished reply in the asker's language; bad input is a UserError.
 */
export interface OnCallPort {
  /** Who is on duty now in every rotation, until when, and who comes next. */
  now(v: ViewContext): Promise<Reply>;
  /** The next hand-offs of one rotation over `weeks` weeks, with the overrides in that time. */
  schedule(v: ViewContext, rotation: string, weeks: number): Promise<Reply>;
  /** Puts someone on duty for a time range (audited; a non-member only with `force`). */
  override(v: ViewContext, actor: ZhibanUser, req: OverrideRequest): Promise<Reply>;
  /** Removes an override (kept on the store as removed, with who and when). */
  remove(v: ViewContext, actor: ZhibanUser, id: string): Promise<Reply>;
  /** The hand-off note of one rotation (or all of them) as it would be posted now. */
  handoff(v: ViewContext, rotation: string | undefined): Promise<Reply>;
}
