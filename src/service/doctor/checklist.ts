import type { MessageKey, Params } from '../../core/i18n/index.js';

/** How one doctor check came out: `fail` makes `zhiban doctor` exit non-zero, `warn` does not. */
export type DoctorStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** A message as a catalogue key with its parameters (rendered in the operator's language). */
export interface DoctorText {
  key: MessageKey;
  params?: Params;
}

/** One line of the doctor's checklist, with what to do when it is not ok. */
export interface DoctorItem {
  status: DoctorStatus;
  what: DoctorText;
  fix?: DoctorText;
}

/** Shorthand for a DoctorText. */
export const say = (key: MessageKey, params?: Params): DoctorText => (params ? { key, params } : { key });

const MARK: Record<DoctorStatus, string> = { ok: '✓', warn: '⚠', fail: '✗', skip: '–' };

/** The checklist as the terminal shows it: one mark and line per check, the fix indented under it. */
export function renderChecklist(items: DoctorItem[], t: (key: MessageKey, params?: Params) => string): string {
  const lines: string[] = [];
  for (const item of items) {
    const text = t(item.what.key, item.what.params);
    const [first, ...rest] = text.split('\n');
    lines.push(`${MARK[item.status]} ${first}`, ...rest.map((l) => `    ${l}`));
    if (item.fix && (item.status === 'fail' || item.status === 'warn')) lines.push(`    → ${t(item.fix.key, item.fix.params)}`);
  }
  const failed = items.filter((i) => i.status === 'fail').length;
  const warned = items.filter((i) => i.status === 'warn').length;
  lines.push('', failed > 0 ? t('doctor.summary.fail', { count: failed }) : warned > 0 ? t('doctor.summary.warn', { count: warned }) : t('doctor.summary.ok'));
  return `${lines.join('\n')}\n`;
}
