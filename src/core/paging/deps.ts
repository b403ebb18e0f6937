import type { Clock } from '../clock.js';
import type { Locale } from '../i18n/index.js';
import type { Incident } from '../incidents/model.js';
import type { IncidentService } from '../incidents/service.js';
import type { Logger } from '../logger.js';
import type { Store } from '../../store/port.js';
import type { PageChannel, PagingConfig } from './config.js';
import type { ContactResolver } from './contacts.js';
import type { PageTarget, PagingPlan } from './model.js';
import type { Notifier } from './notifier.js';

/** Makes the signed, expiring, single-use link that acknowledges one page (when `publicUrl` is set). */
export interface AckLinks {
  link(incidentId: string, page: string, user: string | undefined): Promise<string | undefined>;
}

/**
 * Posts in an incident's own channel on its platform, mentioning the people paged; resolves
 * false when it could not (no adapter for that platform, or the platform refused).
 */
export type ChannelPoster = (inc: Incident, people: PageTarget[], plan: PagingPlan) => Promise<boolean>;

/** What paging needs; `kick` asks the runtime to run due timers soon (pages go out at once). */
export interface PagingDeps {
  store: Store;
  clock: Clock;
  incidents: IncidentService;
  contacts: ContactResolver;
  config: PagingConfig;
  notifiers: ReadonlyMap<PageChannel, Notifier>;
  locale: Locale;
  logger?: Logger;
  random?: () => number;
  ackLinks?: AckLinks;
  poster?: ChannelPoster;
  kick?: () => void;
}
