import { isUserError } from '../core/errors.js';
import { translate, type Locale, type MessageKey } from '../core/i18n/index.js';
import type { AckLinkSigner } from '../core/paging/ack-link.js';
import type { PagingService } from '../core/paging/service.js';
import { formatClock } from '../core/time.js';
import type { Directory, ZhibanUser } from '../core/users.js';
import type { HttpResponse, HttpServer } from './http-server.js';

/** What the ack routes need. */
export interface AckRouteDeps {
  links: AckLinkSigner;
  paging: PagingService;
  directory: Directory;
  locale: Locale;
  timeZone: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, text: string, form?: { action: string; button: string }): HttpResponse {
  const button = form ? `<form method="post" action="${escape(form.action)}"><button type="submit">${escape(form.button)}</button></form>` : '';
  const body = `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>zhiban</title><p>${escape(text)}</p>${button}\n`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'referrer-policy': 'no-referrer' }, body };
}

/**
 * `GET /ack/<token>` shows what the link acknowledges with a button (link previews and mail
 * scanners only ever GET, so they cannot spend it); `POST /ack/<token>` spends the single-use
 * token and acknowledges as the person it was made for.
 */
export function addAckRoutes(http: HttpServer, deps: AckRouteDeps): void {
  const t = (key: MessageKey, params?: Record<string, string>) => translate(deps.locale, key, params);
  const refused = { invalid: 400, expired: 410, used: 410 } as const;
  http.route('GET', '/ack/:token', async (req) => {
    const claim = await deps.links.check(req.params.token!);
    if (typeof claim === 'string') return page(refused[claim], t(`paging.link.${claim}`));
    const person = claim.user ? ` (${deps.directory.get(claim.user)?.name ?? claim.user})` : '';
    return page(200, t('paging.link.confirm', { id: claim.incident, person }), { action: req.path, button: t('paging.link.button') });
  });
  http.route('POST', '/ack/:token', async (req) => {
    const claim = await deps.links.redeem(req.params.token!);
    if (typeof claim === 'string') return page(refused[claim], t(`paging.link.${claim}`));
    const key = claim.page.split('.').at(-1) ?? 'contact';
    const user: ZhibanUser = (claim.user ? deps.directory.get(claim.user) : undefined) ?? { id: `contact:${key}`, name: key, roles: [], known: false };
    try {
      const { ack } = await deps.paging.ack(user, claim.incident, 'link', key);
      return page(200, t('paging.link.done', { id: claim.incident, time: formatClock(ack.at, deps.timeZone) }));
    } catch (err) {
      if (!isUserError(err)) throw err;
      return page(409, translate(deps.locale, err.key, err.params));
    }
  });
}
