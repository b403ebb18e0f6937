import { createHash } from 'node:crypto';
import type { Localized } from '../i18n/index.js';
import type { Verdict } from '../reply.js';
import type { Outcome, Preview } from './port.js';

/** Where a request is in its life; only `pending` can be approved, denied or expire. */
export type RequestState = 'pending' | 'executing' | 'executed' | 'failed' | 'refused' | 'denied' | 'expired';

/** States after which nothing more happens to a request. */
export const FINAL_STATES: readonly RequestState[] = ['executed', 'failed', 'refused', 'denied', 'expired'];

/** Timeline event types of the approval workflow. */
export const ACTION_EVENT = {
  requested: 'action.requested',
  approved: 'action.approved',
  denied: 'action.denied',
  expired: 'action.expired',
  rejected: 'action.rejected',
  declined: 'action.declined',
  executed: 'action.executed',
  verified: 'action.verified',
} as const;

/** How long an action may run when its handler does not say (`maxRunMs`). */
export const DEFAULT_RUN_MS = 120_000;
/**
 * A request still `executing` this long past its run limit was cut off by a crash or restart:
 * the request's timer marks it interrupted, on the timeline, for a human to check.
 */
export const STUCK_MARGIN_MS = 5 * 60_000;

/** Store record kind of requests. */
export const REQUEST_KIND = 'request';

/**
 * A remediation request, bound to its exact parameters and to the target snapshot taken when
 * it was made (`digest` covers both). Approvals are counted against `approvalsNeeded`; the
 * request runs once, by whoever's approval completes it.
 */
export interface ActionRequest {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  preview: Preview;
  digest: string;
  incidentId: string;
  requestedBy: string;
  requestedAt: number;
  expiresAt: number;
  reason?: string;
  approvalsNeeded: number;
  approvals: Array<{ by: string; at: number }>;
  denial?: { by: string; at: number; reason?: string };
  state: RequestState;
  /**
   * `stuckAt`: when a still-running execution counts as interrupted (its run limit plus a margin);
   * `runner`: the process that runs it (host/pid), so a later start can tell it is gone.
   */
  execution?: { by: string; startedAt: number; stuckAt?: number; runner?: string; finishedAt?: number; outcome?: Outcome };
  verification?: { verdict: Verdict; summary: Localized[] };
}

/** The digest that binds an approval to exactly these parameters and this target. */
export function requestDigest(kind: string, params: Record<string, unknown>, snapshot: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(canonical({ kind, params, snapshot }))).digest('hex').slice(0, 12);
}

/** JSON with object keys sorted, so the digest does not depend on key order. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)]));
  }
  return v;
}
