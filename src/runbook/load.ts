import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { actionsConfigSchema, type ActionsConfig } from '../actions/config.js';
import { actionParamSchemas } from '../actions/specs.js';
import type { Runbook } from '../core/checks/symptoms.js';
import { probesConfigSchema, type ProbesConfig } from '../diagnostics/config.js';
import { checkTargetNames } from '../probes/registry.js';
import { assembleRunbook, type RunbookIssue, type RunbookVocabulary } from './assemble.js';
import { runbookConfigSchema, runbookFileSchema, symptomEntrySchema, type RunbookConfig, type SymptomEntry } from './schema.js';

/** How problems in the shipped runbook are labelled (its path inside the package). */
export const DEFAULT_RUNBOOK = 'runbook/default.yml';

/**
 * The shipped runbook file: `runbook/default.yml` in the package root, found by walking up from
 * this module (it sits at src/runbook/ when run from source and dist/src/runbook/ when built).
 */
export function defaultRunbookPath(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_RUNBOOK);
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`${DEFAULT_RUNBOOK} not found above ${from}: the zhiban package is incomplete`);
  }
}

let shipped: { entries: SymptomEntry[]; issues: RunbookIssue[] } | undefined;

/** The shipped symptoms, read and parsed once per process. */
export function readDefaultRunbook(path = defaultRunbookPath()): { entries: SymptomEntry[]; issues: RunbookIssue[] } {
  if (shipped && path === defaultRunbookPath()) return shipped;
  const parsed = runbookFileSchema.safeParse(parse(readFileSync(resolve(path), 'utf8')));
  const result = parsed.success
    ? { entries: parsed.data.symptoms, issues: [] }
    : { entries: [], issues: parsed.error.issues.map((i) => ({ path: [DEFAULT_RUNBOOK, ...i.path.map(String)], message: i.message })) };
  if (path === defaultRunbookPath()) shipped = result;
  return result;
}

/**
 * What a runbook may name with this config: the probe registry's `/check` targets and every action
 * kind (built-in and `actions.custom`) with its parameter schema, from the action specs (no
 * handler is loaded, nothing connects).
 */
export function vocabularyFor(cfg: { actions: ActionsConfig; probes: ProbesConfig }): RunbookVocabulary {
  return { targets: checkTargetNames(), actions: actionParamSchemas(cfg.actions) };
}

/** The runbook of a config (shipped symptoms plus `runbook:`), or every problem with its path. */
export function runbookFor(cfg: { actions: ActionsConfig; probes: ProbesConfig; runbook: RunbookConfig }): { runbook?: Runbook; issues: RunbookIssue[] } {
  const base = readDefaultRunbook();
  const built = assembleRunbook(base.entries, cfg.runbook, vocabularyFor(cfg), DEFAULT_RUNBOOK);
  const issues = [...base.issues, ...built.issues];
  return issues.length > 0 ? { issues } : built;
}

/** The runbook of a config; throws listing every problem (zhiban config check reports them with lines first). */
export function loadRunbook(cfg: { actions: ActionsConfig; probes: ProbesConfig; runbook: RunbookConfig }): Runbook {
  const { runbook, issues } = runbookFor(cfg);
  if (!runbook) throw new Error(`the runbook has ${issues.length} problem(s):\n${issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return runbook;
}

/**
 * The runbook problems of a raw (interpolated, not yet validated) config, for the config loader to
 * list with the others. Sections that fail their own schema are reported by it; here the shipped
 * defaults stand in for them, so runbook problems are still found.
 */
export function runbookProblems(raw: unknown): RunbookIssue[] {
  const cfg = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const actions = actionsConfigSchema.prefault({}).safeParse(cfg.actions);
  const probes = probesConfigSchema.prefault({}).safeParse(cfg.probes);
  const built = runbookFor({
    actions: actions.success ? actions.data : actionsConfigSchema.parse({}),
    probes: probes.success ? probes.data : probesConfigSchema.parse({}),
    runbook: lenientRunbookConfig(cfg.runbook),
  });
  return [...built.issues, ...(built.runbook ? alertSymptomIssues(cfg.alerts, built.runbook) : [])];
}

/** Alert routes naming a symptom the runbook does not have (`alerts.routes[i].symptom`). */
function alertSymptomIssues(alerts: unknown, runbook: Runbook): RunbookIssue[] {
  const routes = alerts && typeof alerts === 'object' ? (alerts as { routes?: unknown }).routes : undefined;
  if (!Array.isArray(routes)) return [];
  return routes.flatMap((r: unknown, i) => {
    const symptom = r && typeof r === 'object' ? (r as { symptom?: unknown }).symptom : undefined;
    if (typeof symptom !== 'string' || runbook.find(symptom)) return [];
    return [{ path: ['alerts', 'routes', i, 'symptom'], message: `one of ${runbook.names().join(', ')} (the runbook has no symptom "${symptom}")` }];
  });
}

const FILLERS: Partial<Record<keyof SymptomEntry, unknown>> = { aliases: [], manual: '0', title: { en: '-', 'zh-CN': '-' }, checks: [], next: [], remediations: [] };

/**
 * `runbook:` parsed field by field: a field that fails its schema (reported by the config schema
 * itself) counts as given but empty, so the cross-symptom checks still run on everything else.
 */
function lenientRunbookConfig(raw: unknown): RunbookConfig {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const shape = symptomEntrySchema.shape;
  const symptoms = (Array.isArray(section.symptoms) ? section.symptoms : []).map((e: unknown) => {
    const entry = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    const fields = Object.keys(entry).filter((k): k is keyof SymptomEntry => k in shape && k !== 'id');
    const parsed = fields.map((k) => {
      const r = shape[k].safeParse(entry[k]);
      return [k, r.success ? r.data : FILLERS[k]];
    });
    const id = shape.id.safeParse(entry.id);
    return { ...Object.fromEntries(parsed), id: id.success ? id.data : `(invalid id ${String(entry.id)})` } as SymptomEntry;
  });
  const disable = runbookConfigSchema.safeParse({ disable: section.disable });
  return { symptoms, disable: disable.success ? disable.data.disable : [] };
}
