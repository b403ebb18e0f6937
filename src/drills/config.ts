import { z } from 'zod';
import { SEVERITIES } from '../core/incidents/severity.js';
import { localizedText } from '../runbook/schema.js';

/** A MySQL identifier zhiban may put in SQL (backquoted): a table or column name from config, never from chat. */
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a plain table or column name (letters, digits, underscore)');

/** What a drill injects (manual 6.3 演练测试, the article's chaos drills). */
export const faultSchema = z.discriminatedUnion('kind', [
  /** Nothing: a tabletop exercise (people walk through the runbook). */
  z.strictObject({ kind: z.literal('tabletop') }),
  /** Stops one running container of a service of `probes.docker` (started again on /drill stop). */
  z.strictObject({ kind: z.literal('stop-container'), service: z.string().min(1).max(200) }),
  /** Holds `SELECT … FOR UPDATE` on one row in an open transaction, so other sessions wait on it (rolled back on /drill stop or after holdSeconds). */
  z.strictObject({
    kind: z.literal('mysql-lock'),
    table: identifier,
    column: identifier,
    value: z.union([z.string().max(200), z.number()]),
    holdSeconds: z.number().int().min(10).max(3600).default(900),
  }),
  /** Sets `count` keys `<prefix>1 … <prefix>count` (never over existing ones), deleted on /drill stop. */
  z.strictObject({
    kind: z.literal('redis-keys'),
    prefix: z.string().min(3).max(200).regex(/^[^*?[\]\s]+$/, 'a literal key prefix (no glob characters or spaces)'),
    count: z.number().int().min(1).max(1000).default(1),
    value: z.string().max(1000).default('zhiban-drill'),
    ttlSeconds: z.number().int().min(10).max(86_400).default(3_600),
  }),
]);

/** A fault as configured. */
export type FaultConfig = z.infer<typeof faultSchema>;

/** One drill scenario: what incident it declares and what it injects. */
export const scenarioSchema = z.strictObject({
  title: localizedText,
  severity: z.enum(SEVERITIES).default('P2'),
  /** Page the contacts table like a real incident (the pages say DRILL); off by default: nobody's phone rings. */
  page: z.boolean().default(false),
  fault: faultSchema,
});

/** `drills:` in zhiban.yml: named scenarios for `/drill start <name>`. */
export const drillsConfigSchema = z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes'), scenarioSchema).default({});

/** Parsed `drills:` section. */
export type DrillsConfig = z.infer<typeof drillsConfigSchema>;
/** One parsed scenario. */
export type ScenarioConfig = z.infer<typeof scenarioSchema>;
