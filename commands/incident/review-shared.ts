import { relative } from 'node:path';
import type { CommandContext } from '../../src/core/command.js';
import type { PublishOutcome, WrittenReview } from '../../src/review/service.js';

/** A path as the user should read it: relative to the working folder when it is inside it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The line a resolve reply adds about its review draft: where it was written, or why it was not. */
export function reviewDraftLine(ctx: CommandContext, id: string, draft: (WrittenReview & { published?: PublishOutcome }) | { error: string }): string {
  if ('error' in draft) return ctx.t('review.draftFailed', { error: draft.error, id });
  const params = { path: shownPath(draft.markdown.path), json: shownPath(draft.json.path), revision: draft.revision };
  const line = draft.revision === 1 ? ctx.t('review.draftWritten', params) : ctx.t('review.draftRevision', params);
  if (!draft.published) return line;
  return `${line}\n${draft.published.posted ? ctx.t('review.posted') : ctx.t('review.notPosted', { error: draft.published.error, path: params.path })}`;
}
