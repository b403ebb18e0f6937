import { webApi, type Logger as BoltLogger } from '@slack/bolt';

/** The Web API client type zhiban uses. */
export type WebClient = webApi.WebClient;
/** Options every Web API client of the adapter is created with. */
export type WebClientOptions = webApi.WebClientOptions;

/**
 * Web API client options: base URL from SLACK_API_URL (GovSlack, proxies, tests), rate limits
 * honoured (a 429 waits for its Retry-After, then the call is retried), other transient failures
 * retried a few times with backoff, and a timeout so a hung call cannot block a reply forever.
 */
export function webClientOptions(logger: BoltLogger, apiUrl: string | undefined): WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    logger,
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 5_000, randomize: true },
    timeout: 20_000,
  };
}

/** A Web API client with `token` and the adapter's options. */
export function createWebClient(token: string, options: WebClientOptions): WebClient {
  return new webApi.WebClient(token, options);
}

/**
 * The Slack error code of a failed call (`channel_not_found`, `invalid_auth` …); for a call that
 * never got an answer, the error's message with the network cause (`… fetch failed: ECONNREFUSED`).
 */
export function slackErrorCode(err: unknown): string {
  const e = err as { data?: { error?: unknown }; code?: unknown; message?: unknown; original?: { cause?: { code?: unknown; message?: unknown } } } | undefined;
  if (typeof e?.data?.error === 'string') return e.data.error;
  const cause = e?.original?.cause?.code ?? e?.original?.cause?.message;
  const message = typeof e?.message === 'string' && e.message ? e.message : typeof e?.code === 'string' ? e.code : String(err);
  return typeof cause === 'string' ? `${message}: ${cause}` : message;
}
