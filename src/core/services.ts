import type { ActionsPort } from './approvals/port.js';
import type { ApprovalService } from './approvals/service.js';
import type { DiagnosticsPort } from './checks/port.js';
import type { IncidentService } from './incidents/service.js';
import type { CommandRegistry } from './registry.js';
import type { Directory } from './users.js';

/**
 * The use cases and ports handed to command handlers, assembled once at start-up by the
 * composition root (src/runtime/app.ts). Handlers reach production systems only through these.
 */
export interface Services {
  registry: CommandRegistry;
  directory: Directory;
  incidents: IncidentService;
  diagnostics: DiagnosticsPort;
  approvals: ApprovalService;
  actions: ActionsPort;
  /** IANA time zone used for incident ids and every displayed time. */
  timeZone: string;
}
