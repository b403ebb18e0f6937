import type { ActionRequest } from '../approvals/model.js';
import type { Localized } from '../i18n/index.js';
import type { Incident } from '../incidents/model.js';
import type { Severity } from '../incidents/severity.js';
import type { Platform } from '../invocation.js';
import type { ZhibanUser } from '../users.js';

/** A drill scenario as `/drill list` shows it. */
export interface DrillScenarioInfo {
  name: string;
  title: Localized;
  severity: Severity;
  page: boolean;
  /** The fault kind: tabletop, stop-container, mysql-lock, redis-keys. */
  fault: string;
}

/** A started drill: its incident and, unless it is a tabletop, the pending request that injects the fault. */
export interface DrillStart {
  incident: Incident;
  scenario: DrillScenarioInfo;
  request?: ActionRequest;
}

/** An ended drill: the resolved incident and what the revert did (absent when nothing had been injected). */
export interface DrillStop {
  incident: Incident;
  reverted?: Localized;
}

/** Drills (manual 6.3 演练测试), as core and the commands see them. */
export interface DrillsPort {
  scenarios(): DrillScenarioInfo[];
  /** Declares a drill incident and files the request that injects its fault; a user error for an unknown scenario or a fault that cannot be injected now. */
  start(actor: ZhibanUser, name: string, where: { channel: string; platform: Platform }): Promise<DrillStart>;
  /** Reverts what the drill injected and resolves its incident (`id`, else the only running drill). */
  stop(actor: ZhibanUser, id?: string): Promise<DrillStop>;
}
