import { createHmac } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { PageTarget } from '../core/paging/model.js';
import type { Notifier, PageMessage, SendResult } from '../core/paging/notifier.js';
import { pageText } from '../core/paging/view.js';
import { postJson, retryableStatus } from './http.js';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body keyed with paging.webhook.secret>`. */
export const SIGNATURE_HEADER = 'x-zhiban-signature';

/** The gateway settings (`paging.webhook`). */
export interface WebhookSettings {
  url: string;
  secret: string;
  timeoutMs: number;
  perMinute?: number | undefined;
}

/** The signature header value for `body`. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The documented JSON body (version 1) a gateway receives: what happened, whom to reach and how,
 * the ack link, and the message already written in the contact's locale.
 */
export function webhookBody(m: PageMessage, sentAt: number): Record<string, unknown> {
  const { title, lines } = pageText(m);
  const c = m.person;
  return {
    version: 1,
    type: m.kind === 'test' ? 'zhiban.page.test' : 'zhiban.page',
    id: m.id,
    sentAt,
    incident: m.incidentId ? { id: m.incidentId, title: m.title ?? '', severity: m.severity } : null,
    level: m.level ?? c.level,
    reason: m.reason ?? null,
    contact: { name: c.name, title: c.title ?? null, user: c.user ?? null, phone: c.phone ?? null, email: c.email ?? null },
    ackUrl: m.ackUrl ?? null,
    message: { locale: m.locale, title, text: lines.join('\n') },
  };
}

/**
 * A generic HMAC-signed HTTP gateway for SMS, voice calls or email. One POST per page; 5xx, 429,
 * timeouts and connection errors are retried by the outbox, other 4xx answers are not.
 */
export class WebhookNotifier implements Notifier {
  readonly channel = 'webhook' as const;
  readonly batch = 1;
  readonly perMinute: number | undefined;

  constructor(
    private readonly settings: WebhookSettings,
    private readonly clock: Clock,
  ) {
    this.perMinute = settings.perMinute;
  }

  address(p: PageTarget): string | undefined {
    return p.phone ?? p.email;
  }

  async send(messages: PageMessage[]): Promise<SendResult> {
    for (const m of messages) {
      const body = JSON.stringify(webhookBody(m, this.clock.now()));
      const res = await postJson(this.settings.url, body, { [SIGNATURE_HEADER]: webhookSignature(this.settings.secret, body) }, this.settings.timeoutMs);
      if ('error' in res) return { ok: false, error: `gateway: ${res.error}`, retry: true };
      if (res.status < 200 || res.status >= 300) return { ok: false, error: `gateway: HTTP ${res.status}`, retry: retryableStatus(res.status) };
    }
    return { ok: true };
  }
}
