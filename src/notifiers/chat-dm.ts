import type { Platform } from '../core/invocation.js';
import type { PageTarget } from '../core/paging/model.js';
import type { Notifier, PageMessage, SendResult } from '../core/paging/notifier.js';
import { pageText } from '../core/paging/view.js';
import { translate } from '../core/i18n/index.js';
import type { Reply } from '../core/reply.js';
import type { ChatAdapter } from '../runtime/chat-adapter.js';

/** Finds the running chat adapter of a platform (none while it is not connected). */
export type AdapterLookup = (platform: Platform) => ChatAdapter | undefined;

/** The direct message of one page: what happened, and an Acknowledge button that runs `/ack <incident>`. */
export function dmReply(m: PageMessage): Reply {
  const { title, lines } = pageText(m);
  const blocks: Reply['blocks'] = [{ type: 'heading', text: title }, { type: 'text', text: lines.join('\n') }];
  if (m.incidentId) {
    const command = `/ack ${m.incidentId}`;
    blocks.push({ type: 'buttons', buttons: [{ id: 'ack', label: translate(m.locale, 'paging.ackButton'), style: 'primary', command }] });
  }
  return { ok: true, tone: m.severity === 'P0' || m.severity === 'P1' ? 'danger' : 'warning', blocks, audience: 'channel' };
}

/**
 * Pages by direct message on Slack (the person's Slack id, own or from their zhiban user),
 * through the Slack adapter's `deliver`. Reaches nobody while Slack is not connected.
 */
export class ChatDmNotifier implements Notifier {
  readonly channel = 'chat' as const;
  readonly batch = 1;

  constructor(private readonly adapters: AdapterLookup) {}

  address(p: PageTarget): string | undefined {
    return p.slack && this.adapters('slack') ? p.slack : undefined;
  }

  async send(messages: PageMessage[]): Promise<SendResult> {
    const adapter = this.adapters('slack');
    if (!adapter) return { ok: false, error: 'Slack is not connected', retry: true };
    for (const m of messages) {
      if (!m.person.slack) return { ok: false, error: 'no Slack id', retry: false };
      const posted = await adapter.deliver({ kind: 'person', platformId: m.person.slack }, dmReply(m));
      if (!posted) return { ok: false, error: 'Slack did not accept the direct message (see the log)', retry: true };
    }
    return { ok: true };
  }
}
