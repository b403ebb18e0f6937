import { evidenceData } from '../core/checks/record.js';
import { CHECK_EVENT } from '../core/checks/model.js';
import type { DiagnosticsPort } from '../core/checks/port.js';
import { findSymptom } from '../core/checks/symptoms.js';
import { checkReply } from '../core/checks/view.js';
import { pick, translator, type Locale } from '../core/i18n/index.js';
import type { Incident } from '../core/incidents/model.js';
import type { IncidentService } from '../core/incidents/service.js';
import type { Reply } from '../core/reply.js';

/** What an automatic diagnosis needs. */
export interface AutoDiagnoseDeps {
  diagnostics: DiagnosticsPort;
  incidents: IncidentService;
  locale: Locale;
  timeZone: string;
  now(): number;
}

/**
 * Runs the checks the manual prescribes for `symptomName` — the same probes `/diagnose` runs,
 * each bounded by the probe timeout — records the results on the incident's timeline as
 * evidence of `/diagnose <symptom>` by `actor`, and returns the reply to post with the card.
 * Undefined for a symptom that does not exist (the config refuses those).
 */
export async function autoDiagnose(deps: AutoDiagnoseDeps, actor: string, inc: Incident, symptomName: string): Promise<Reply | undefined> {
  const symptom = findSymptom(symptomName);
  if (!symptom) return undefined;
  const results = (await Promise.all(symptom.checks.map((c) => deps.diagnostics.check(c.target, c.name)))).flat();
  const command = `/diagnose ${symptom.name}`;
  await deps.incidents.record(actor, inc.id, CHECK_EVENT, evidenceData(command, results));
  const t = translator(deps.locale);
  const v = { t, locale: deps.locale, timeZone: deps.timeZone, now: deps.now() };
  const bad = results.filter((r) => r.verdict !== 'ok');
  const footer = [
    bad.length > 0 ? t('diagnose.suspects', { targets: bad.map((r) => r.target).join(', ') }) : t('diagnose.allOk'),
    ...symptom.next.map((n) => t('diagnose.next', { manual: symptom.manual, advice: pick(deps.locale, n) })),
    t('check.recorded', { id: inc.id }),
  ];
  return checkReply(v, results, { lead: t('alerts.diagnosis', { id: inc.id, symptom: symptom.name }), evidence: false, footer });
}
