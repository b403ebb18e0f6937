import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { translator } from '../../core/i18n/index.js';
import type { Logger } from '../../core/logger.js';
import type { ReviewPublisher } from '../../review/service.js';
import { slackErrorCode, type WebClient } from './web.js';

/**
 * Posts the review draft of a Slack incident to its channel as a file (files.uploadV2, streamed from
 * the data folder). A refusal (missing `files:write`, bot not in the channel) is an outcome the
 * resolve reply reports; the review stays in the data folder either way.
 */
export function slackReviewPublisher(web: WebClient, logger: Logger): ReviewPublisher {
  return async (review) => {
    if (review.incident.platform !== 'slack') return undefined;
    const { path } = review.markdown;
    try {
      await web.filesUploadV2({
        channel_id: review.incident.channel,
        file: createReadStream(path),
        filename: basename(path),
        title: translator(review.view.locale)('review.fileTitle', { id: review.incident.id, revision: review.revision }),
      });
      return { posted: true };
    } catch (err) {
      const error = slackErrorCode(err);
      logger.warn('slack review upload refused', { incident: review.incident.id, channel: review.incident.channel, error });
      return { posted: false, error };
    }
  };
}
