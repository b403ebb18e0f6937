import { z } from 'zod';

const text = (locale: string) => z.string({ error: `missing text in ${locale}` }).trim().min(1, `missing text in ${locale}`);

/** A text in every locale; a missing one is reported as `missing text in <locale>` at its path. */
export const localizedText = z.strictObject({ en: text('en'), 'zh-CN': text('zh-CN') });

const symptomId = z
  .union([z.string(), z.number().int()])
  .transform(String)
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes (e.g. db-conn, 502)'));

/** A check to run: a `/check` target name, or `{ target, name }` for one service or URL of it. */
export const checkEntry = z
  .union([z.string().min(1), z.strictObject({ target: z.string().min(1), name: z.string().min(1).max(200).optional() })], {
    error: 'a /check target name, or { target, name }',
  })
  .transform((c) => (typeof c === 'string' ? { target: c } : c));

const remediationEntry = z.strictObject({
  /** An action kind: restart, kill-query, cache-purge, custom:<name> … */
  action: z.string().min(1),
  /** Its exact parameters; the request is bound to them and still needs approval. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

/**
 * One symptom as written in a runbook file or under `runbook.symptoms`. Everything but `id` is
 * optional here: an entry whose id is already in the runbook overrides only the fields it gives;
 * a new id must give manual, title, checks and next (checked when the runbook is assembled).
 */
export const symptomEntrySchema = z.strictObject({
  id: symptomId,
  aliases: z.array(z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1).max(50))).optional(),
  manual: z.string().regex(/^\d+(\.\d+)*$/, 'a manual section number in quotes, e.g. "2.10"').optional(),
  title: localizedText.optional(),
  checks: z.array(checkEntry).min(1).optional(),
  next: z.array(localizedText).optional(),
  remediations: z.array(remediationEntry).optional(),
});

/** A parsed runbook entry. */
export type SymptomEntry = z.infer<typeof symptomEntrySchema>;

/** A runbook file (runbook/default.yml): its symptoms. */
export const runbookFileSchema = z.strictObject({ symptoms: z.array(symptomEntrySchema).min(1) });

/**
 * `runbook:` in zhiban.yml: symptoms that override a shipped one by id (only the fields given) or
 * add a new one, and ids of shipped symptoms to leave out.
 */
export const runbookConfigSchema = z
  .strictObject({
    symptoms: z.array(symptomEntrySchema).default([]),
    disable: z.array(symptomId).default([]),
  })
  .prefault({});

/** Parsed `runbook:` section. */
export type RunbookConfig = z.infer<typeof runbookConfigSchema>;
