/** What an HTTP gateway answered, or why it did not. */
export type HttpOutcome = { status: number; body: string } | { error: string };

/**
 * POSTs a JSON body and reads the answer within `timeoutMs` (a gateway that hangs gets a
 * verdict on time). Never throws; the URL is never part of the error (it may hold a token).
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpOutcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: (await res.text()).slice(0, 2000) };
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { error: `no answer within ${timeoutMs} ms` };
    const cause = (e.cause as { code?: string } | undefined)?.code;
    return { error: cause ?? e.name };
  }
}

/** True for answers worth retrying: server errors and rate limiting. */
export function retryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
