import { translate, type Locale } from '../core/i18n/index.js';
import type { Platform } from '../core/invocation.js';
import type { ChannelPoster } from '../core/paging/deps.js';
import type { AdapterLookup } from './chat-dm.js';

/**
 * Posts the paging notice in the incident's own conversation on the platform it was declared
 * on, naming the people paged (P3: the only notice). False when that platform is not connected.
 */
export function chatPoster(adapters: AdapterLookup, locale: (p: Platform) => Locale): ChannelPoster {
  return async (inc, people, plan) => {
    const platform = inc.platform as Platform;
    const adapter = adapters(platform);
    if (!adapter) return false;
    const l = locale(platform);
    const names = people.map((p) => p.name).join(', ');
    const text = plan.steps.length === 0
      ? translate(l, 'paging.msg.postOnly', { id: inc.id, severity: inc.severity, title: inc.title })
      : translate(l, 'paging.msg.post', { id: inc.id, severity: inc.severity, title: inc.title, people: names });
    const posted = await adapter.deliver({ kind: 'conversation', id: inc.channel }, { ok: true, tone: 'warning', blocks: [{ type: 'text', text }], audience: 'channel' });
    return posted !== undefined;
  };
}
