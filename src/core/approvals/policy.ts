import type { Severity } from '../incidents/severity.js';

/** The approval policy from config (`approvals:`). */
export interface ApprovalPolicy {
  /** A pending request expires this many minutes after it was made. */
  expiresMinutes: number;
  /** Two approvals for actions marked high-risk. */
  twoForHighRisk: boolean;
  /** Two approvals for any action on a P0 incident. */
  twoForP0: boolean;
  /** At most this many requests per incident (blast-radius guard); denied and expired ones count too. */
  maxPerIncident: number;
}

/** The default policy: 10-minute expiry, two approvals for high-risk actions and P0 incidents, 20 requests per incident. */
export const DEFAULT_POLICY: ApprovalPolicy = { expiresMinutes: 10, twoForHighRisk: true, twoForP0: true, maxPerIncident: 20 };

/** How many distinct approvers (never the requester) a request needs. */
export function approvalsNeeded(policy: ApprovalPolicy, risk: 'normal' | 'high', severity: Severity): number {
  return (risk === 'high' && policy.twoForHighRisk) || (severity === 'P0' && policy.twoForP0) ? 2 : 1;
}
