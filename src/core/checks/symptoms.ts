import type { Localized } from '../i18n/index.js';
import type { CheckTarget } from './port.js';

/** A check a symptom prescribes: a `/check` target, optionally one named service or URL of it. */
export interface SymptomCheck {
  target: CheckTarget;
  name?: string;
}

/** A remediation a symptom suggests: an action kind with its exact parameters (filed as a request, run after approval). */
export interface SuggestedRemediation {
  action: string;
  params: Record<string, string | number | boolean>;
}

/** A symptom of the manual and what it prescribes: which checks to run, what to do next, which remediations to offer. */
export interface Symptom {
  /** The id `/diagnose` and `/runbook` take (`502`, `db-conn`). */
  name: string;
  aliases: string[];
  /** Manual section number (`2.8`). */
  manual: string;
  title: Localized;
  checks: SymptomCheck[];
  next: Localized[];
  remediations: SuggestedRemediation[];
}

/**
 * The runbook as core sees it: validated symptoms, already merged from the shipped defaults and
 * the team's `runbook:` overrides at the edge (src/runbook). Ids and aliases are unique.
 */
export class Runbook {
  constructor(readonly symptoms: readonly Symptom[]) {}

  /** The symptom named by `word` (id or alias, case-insensitive), or undefined. */
  find(word: string): Symptom | undefined {
    const w = word.trim().toLowerCase();
    return this.symptoms.find((s) => s.name.toLowerCase() === w || s.aliases.some((a) => a.toLowerCase() === w));
  }

  /** Every symptom id, in runbook order. */
  names(): string[] {
    return this.symptoms.map((s) => s.name);
  }
}
