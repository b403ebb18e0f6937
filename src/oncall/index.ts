import type { ApprovalService } from '../core/approvals/service.js';
import type { Clock } from '../core/clock.js';
import type { Locale } from '../core/i18n/index.js';
import type { IncidentService } from '../core/incidents/service.js';
import type { Logger } from '../core/logger.js';
import type { Directory } from '../core/users.js';
import { conversationPoster } from '../notifiers/chat-post.js';
import type { AdapterLookup } from '../notifiers/chat-dm.js';
import type { Store } from '../store/port.js';
import type { RotationConfig } from './config.js';
import { HandoffNotes } from './handoff.js';
import { OverrideStore } from './overrides.js';
import { Schedules } from './schedule.js';
import { OnCallService } from './service.js';

export { HANDOFF_TIMER } from './handoff.js';

/** What the composition root hands the on-call feature. */
export interface OnCallDeps {
  rotations: Record<string, RotationConfig>;
  timeZone: string;
  store: Store;
  clock: Clock;
  directory: Directory;
  incidents: IncidentService;
  approvals: ApprovalService;
  logger: Logger;
  adapters: AdapterLookup;
  localeFor: (platform: 'console' | 'slack' | 'dingtalk') => Locale;
}

/** On-call rotations wired together: the schedules (paging's rotation lookup), hand-off notes, and `/oncall`. */
export function buildOnCall(d: OnCallDeps): { schedules: Schedules; notes: HandoffNotes; service: OnCallService } {
  const schedules = new Schedules(d.rotations, d.timeZone, new OverrideStore(d.store));
  const post = conversationPoster(d.adapters);
  const notes = new HandoffNotes({
    store: d.store, clock: d.clock, schedules, directory: d.directory, incidents: d.incidents, approvals: d.approvals, logger: d.logger, post,
    locale: (p) => d.localeFor(p ?? 'console'),
    connected: (p) => d.adapters(p) !== undefined,
  });
  return { schedules, notes, service: new OnCallService(schedules, notes, d.directory, d.clock) };
}
