import type { IncomingMessage } from 'node:http';

/** A request body too large to be a Slack payload. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole raw body (Slack signs the exact bytes); past `limit` bytes the rest is discarded and it rejects with BodyTooLargeError. */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      reject(new BodyTooLargeError(limit));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A parsed Slack payload, or the HTTP status and reason to refuse it with. */
export type ParsedBody = { ok: true; body: Record<string, unknown> } | { ok: false; status: 400 | 415; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses what Slack posts to the request URL: Events API callbacks as JSON, slash commands as
 * form fields, interactivity as a form field `payload` holding JSON. Anything else is refused:
 * 415 for another content type, 400 for a body that is not the shape its type promises.
 */
export function parseSlackBody(raw: string, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const body = parseJson(raw);
    if (!body || typeof body.type !== 'string') return { ok: false, status: 400, error: 'expected a JSON object with a "type"' };
    return { ok: true, body };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) {
      const body = parseJson(payload);
      if (!body || typeof body.type !== 'string') return { ok: false, status: 400, error: 'payload is not a JSON object with a "type"' };
      return { ok: true, body };
    }
    const body = Object.fromEntries(form.entries());
    if (typeof body.command !== 'string' && body.ssl_check === undefined) return { ok: false, status: 400, error: 'neither a slash command nor an interaction payload' };
    return { ok: true, body };
  }
  return { ok: false, status: 415, error: 'content type must be application/json or application/x-www-form-urlencoded' };
}

/** Interaction payload types: each names the person who acted in `user.id`. */
const INTERACTIONS = ['block_actions', 'block_suggestion', 'interactive_message', 'message_action', 'shortcut', 'view_submission', 'view_closed'];

/** True for an interaction payload that does not say who acted (refused with 400: nobody to run it as). */
export function interactionWithoutUser(body: Record<string, unknown>): boolean {
  return typeof body.type === 'string' && INTERACTIONS.includes(body.type) && !(isObject(body.user) && typeof body.user.id === 'string');
}
