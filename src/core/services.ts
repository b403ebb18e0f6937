import type { ActionsPort } from './approvals/port.js';
import type { ApprovalService } from './approvals/service.js';
import type { DiagnosticsPort } from './checks/port.js';
import type { CommandCatalogue } from './command-doc.js';
import type { IncidentService } from './incidents/service.js';
import type { OnCallPort } from './oncall-port.js';
import type { PagingService } from './paging/service.js';
import type { Directory } from './users.js';
import type { ReviewService } from '../review/service.js';

/**
 * The use cases and ports handed to command handlers, assembled once at start-up by the
 * composition root (src/runtime/app.ts). Handlers reach production systems only through these.
 */
export interface Services {
  /** The registered commands as help and the chat adapters see them. */
  catalogue: CommandCatalogue;
  directory: Directory;
  incidents: IncidentService;
  diagnostics: DiagnosticsPort;
  approvals: ApprovalService;
  actions: ActionsPort;
  /** The post-incident review: exports, review drafts on resolve, stats. */
  reviews: ReviewService;
  /** Paging by severity, acknowledgements, pages by hand. */
  paging: PagingService;
  /** On-call rotations: who is on duty, schedules, overrides, hand-off notes. */
  oncall: OnCallPort;
  /** IANA time zone used for incident ids and every displayed time. */
  timeZone: string;
}
