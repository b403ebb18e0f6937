/**
 * Permission roles held by zhiban users (from config). `admin` can do everything; every role
 * includes `viewer` (read-only commands). Incident roles (commander, scribe …) are different:
 * they are assignments on one incident, see incidents/roles.ts.
 */
export const ROLES = ['viewer', 'responder', 'approver', 'admin'] as const;
/** A permission role. */
export type Role = (typeof ROLES)[number];

/** True when a holder of `held` may run something that requires any of `required`. */
export function allows(held: readonly Role[], required: readonly Role[]): boolean {
  if (held.includes('admin')) return true;
  if (required.length === 0) return true;
  if (required.includes('viewer') && held.length > 0) return true;
  return required.some((r) => held.includes(r));
}
