import type { z } from 'zod';
import { Runbook, type Symptom } from '../core/checks/symptoms.js';
import type { RunbookConfig, SymptomEntry } from './schema.js';

/** A runbook problem: where (a path in the runbook file or in zhiban.yml) and what. */
export interface RunbookIssue {
  path: Array<string | number>;
  message: string;
}

/** What a runbook may refer to: the `/check` targets and the action kinds with their parameter schemas. */
export interface RunbookVocabulary {
  targets: readonly string[];
  actions: ReadonlyMap<string, z.ZodType | undefined>;
}

type Field = Exclude<keyof SymptomEntry, 'id'>;
const REQUIRED: Field[] = ['manual', 'title', 'checks', 'next'];

/** A symptom being assembled, with the path each field came from (so a problem names the line that caused it). */
interface Draft {
  entry: SymptomEntry;
  from: Partial<Record<Field | 'id', Array<string | number>>>;
}

/**
 * Merges the shipped symptoms (`defaults`, paths under `defaultsLabel`) with the team's overrides
 * (paths under `runbook`), then checks the result: unknown check targets, unknown actions or
 * parameters they refuse, duplicate ids or aliases, new symptoms missing a field, disabled ids that
 * do not exist. Every problem is returned at once; the runbook only when there are none.
 */
export function assembleRunbook(defaults: SymptomEntry[], overrides: RunbookConfig, vocab: RunbookVocabulary, defaultsLabel: string): { runbook?: Runbook; issues: RunbookIssue[] } {
  const issues: RunbookIssue[] = [];
  const drafts = new Map<string, Draft>();
  defaults.forEach((entry, i) => {
    const at = [defaultsLabel, 'symptoms', i];
    if (drafts.has(entry.id)) issues.push({ path: [...at, 'id'], message: `symptom "${entry.id}" is listed twice` });
    drafts.set(entry.id, { entry, from: fieldsFrom(entry, at) });
  });
  const shipped = new Set(drafts.keys());
  const overridden = new Set<string>();
  overrides.symptoms.forEach((entry, i) => {
    const at = ['runbook', 'symptoms', i];
    if (overridden.has(entry.id)) issues.push({ path: [...at, 'id'], message: `symptom "${entry.id}" is listed twice under runbook.symptoms` });
    overridden.add(entry.id);
    const base = drafts.get(entry.id);
    if (base) {
      drafts.set(entry.id, { entry: { ...base.entry, ...entry }, from: { ...base.from, ...fieldsFrom(entry, at) } });
      return;
    }
    const missing = REQUIRED.filter((f) => entry[f] === undefined);
    if (missing.length > 0) issues.push({ path: at, message: `new symptom "${entry.id}" needs ${missing.join(', ')} (or use the id of a shipped symptom to override it)` });
    drafts.set(entry.id, { entry, from: fieldsFrom(entry, at) });
  });
  overrides.disable.forEach((id, i) => {
    if (!shipped.has(id) && !overridden.has(id)) issues.push({ path: ['runbook', 'disable', i], message: `no symptom "${id}" to disable (known: ${[...drafts.keys()].join(', ')})` });
    drafts.delete(id);
  });
  const symptoms: Symptom[] = [];
  const words = new Map<string, string>();
  for (const { entry, from } of drafts.values()) {
    claim(words, entry.id, entry.id, from.id ?? [], issues);
    (entry.aliases ?? []).forEach((a, i) => claim(words, a, entry.id, [...(from.aliases ?? []), i], issues));
    (entry.checks ?? []).forEach((c, i) => {
      if (!vocab.targets.includes(c.target)) issues.push({ path: [...(from.checks ?? []), i, 'target'], message: `unknown check target "${c.target}" (known: ${vocab.targets.join(', ')})` });
    });
    (entry.remediations ?? []).forEach((r, i) => issues.push(...remediationIssues(r, [...(from.remediations ?? []), i], vocab)));
    if (REQUIRED.every((f) => entry[f] !== undefined)) symptoms.push(toSymptom(entry));
  }
  return issues.length > 0 ? { issues } : { runbook: new Runbook(symptoms), issues };
}

function fieldsFrom(entry: SymptomEntry, at: Array<string | number>): Draft['from'] {
  return Object.fromEntries(Object.keys(entry).map((k) => [k, [...at, k]]));
}

/** Records `word` as naming `owner`; a word already naming another symptom is a problem. */
function claim(words: Map<string, string>, word: string, owner: string, path: Array<string | number>, issues: RunbookIssue[]): void {
  const key = word.toLowerCase();
  const other = words.get(key);
  if (other !== undefined && other !== owner) issues.push({ path, message: `duplicate alias "${word}": it already names symptom "${other}"` });
  else words.set(key, owner);
}

function remediationIssues(r: NonNullable<SymptomEntry['remediations']>[number], path: Array<string | number>, vocab: RunbookVocabulary): RunbookIssue[] {
  if (!vocab.actions.has(r.action)) return [{ path: [...path, 'action'], message: `unknown action "${r.action}" (known: ${[...vocab.actions.keys()].join(', ')})` }];
  const parsed = vocab.actions.get(r.action)?.safeParse(r.params);
  if (!parsed || parsed.success) return [];
  return parsed.error.issues.map((i) => ({ path: [...path, 'params', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: `${r.action}: ${i.message}` }));
}

function toSymptom(e: SymptomEntry): Symptom {
  return {
    name: e.id,
    aliases: e.aliases ?? [],
    manual: e.manual!,
    title: e.title!,
    checks: e.checks!.map((c) => (c.name ? { target: c.target, name: c.name } : { target: c.target })),
    next: e.next!,
    remediations: e.remediations ?? [],
  };
}
