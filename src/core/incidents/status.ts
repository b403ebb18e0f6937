/** Lifecycle of an incident (the manual's flow 3.3 定位 → 3.4 修复 → 3.5 复盘). */
export const STATUSES = ['investigating', 'identified', 'mitigated', 'resolved'] as const;
/** One lifecycle state. `resolved` is reached only through `/incident resolve`. */
export type Status = (typeof STATUSES)[number];
/** The states `/incident status` may set (resolution needs a summary, so it has its own command). */
export const SETTABLE_STATUSES = ['investigating', 'identified', 'mitigated'] as const;

/** Incident roles: assignments on one incident, not permissions. */
export const INCIDENT_ROLES = ['commander', 'deputy', 'scribe', 'comms', 'ops', 'backend'] as const;
/** One incident role. Every incident always has a commander. */
export type IncidentRole = (typeof INCIDENT_ROLES)[number];
