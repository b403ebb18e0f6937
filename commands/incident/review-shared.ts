import { relative } from 'node:path';
import type { CommandContext } from '../../src/core/command.js';
import type { WrittenFile } from '../../src/review/service.js';

/** A path as the user should read it: relative to the working folder when it is inside it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The line a resolve reply adds about its review draft: where it was written, or why it was not. */
export function reviewDraftLine(ctx: CommandContext, id: string, draft: { markdown: WrittenFile; json: WrittenFile; revision: number } | { error: string }): string {
  if ('error' in draft) return ctx.t('review.draftFailed', { error: draft.error, id });
  const params = { path: shownPath(draft.markdown.path), json: shownPath(draft.json.path), revision: draft.revision };
  return draft.revision === 1 ? ctx.t('review.draftWritten', params) : ctx.t('review.draftRevision', params);
}
