import type { Config } from '../../config/schema.js';
import type { DeadlineClock } from '../../core/clock.js';
import type { Locale } from '../../core/i18n/index.js';
import { Diagnostics } from '../../diagnostics/service.js';
import { say, type DoctorItem, type DoctorStatus } from './checklist.js';

const STATUS: Record<string, DoctorStatus> = { ok: 'ok', warn: 'warn' };

/**
 * Every probe target `/check all` would look at, run once through the same probes and their
 * deadlines (`probes.timeoutMs`): `ok` passes, `warn` is a warning, `crit`, `timeout` and
 * `error` (down, hung, refused) are problems to fix.
 */
export async function checkProbes(config: Config, redact: (s: string) => string, clock: DeadlineClock, locale: Locale): Promise<DoctorItem[]> {
  const results = await new Diagnostics(config.probes, redact, clock).check('all');
  return results.map((r) => {
    const status = STATUS[r.verdict] ?? 'fail';
    const what = say('doctor.probe', { target: r.target, summary: r.summary[locale] });
    return status === 'fail' ? { status, what, fix: say('doctor.probe.fix', { target: r.target, probe: r.probe }) } : { status, what };
  });
}
