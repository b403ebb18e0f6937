import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { translator } from '../../core/i18n/index.js';
import type { Logger } from '../../core/logger.js';
import type { ReviewPublisher } from '../../review/service.js';
import type { DingTalkDelivery } from './delivery.js';
import { bounded, escapeMarkdown, TITLE_MAX_CHARS } from './markdown.js';

/** How much of the review file is read: its summary and key times come first and are far shorter. */
const HEAD_BYTES = 16 * 1024;
/** The review's sections that are posted: everything before the third `## ` heading (summary, key times). */
const SECTIONS_POSTED = 2;

/** The review's title and first sections, from the head of its Markdown text. */
export function reviewHead(markdown: string): { title: string; body: string } {
  const lines = markdown.split('\n');
  let sections = 0;
  const kept: string[] = [];
  for (const line of lines) {
    if (line.startsWith('## ') && ++sections > SECTIONS_POSTED) break;
    kept.push(line);
  }
  const title = (lines[0] ?? '').replace(/^#\s*/, '').slice(0, TITLE_MAX_CHARS);
  return { title, body: kept.join('\n').trimEnd() };
}

/**
 * Posts the review draft of a DingTalk incident into its group: DingTalk robots cannot attach a
 * file, and its markdown has no tables or Mermaid, so the post is the draft's summary and key
 * times, bounded, with where the whole draft is (the data folder, `/incident export`). A refusal
 * is an outcome the resolve reply reports; the review stays in the data folder either way.
 */
export function dingtalkReviewPublisher(delivery: DingTalkDelivery, logger: Logger): ReviewPublisher {
  return async (review) => {
    if (review.incident.platform !== 'dingtalk') return undefined;
    const t = translator(review.view.locale);
    const { path } = review.markdown;
    try {
      const file = await open(path, 'r');
      let head: string;
      try {
        const buf = Buffer.alloc(HEAD_BYTES);
        const { bytesRead } = await file.read(buf, 0, HEAD_BYTES, 0);
        head = buf.subarray(0, bytesRead).toString('utf8').replace(/\uFFFD+$/, '');
      } finally {
        await file.close();
      }
      const { title, body } = reviewHead(head);
      const more = escapeMarkdown(t('dingtalk.reviewMore', { file: basename(path), id: review.incident.id, revision: review.revision }));
      const text = `${bounded([body], escapeMarkdown(t('dingtalk.truncated')), 3500)}\n\n${more}`;
      const posted = await delivery.postDocument(review.incident.channel, { title, text });
      return posted ? { posted: true } : { posted: false, error: 'not delivered' };
    } catch (err) {
      const error = (err as Error)?.message ?? String(err);
      logger.warn('dingtalk review post failed', { incident: review.incident.id, error });
      return { posted: false, error };
    }
  };
}
