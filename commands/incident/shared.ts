import type { CommandContext, FlagSpec, ParamSpec } from '../../src/core/command.js';
import type { ViewContext } from '../../src/core/view-context.js';
import { INCIDENT_ID } from '../../src/core/bind-args.js';
import { SEVERITIES } from '../../src/core/incidents/severity.js';
import { z } from 'zod';

/** The optional incident id that every incident sub-command takes first. */
export const idParam: ParamSpec = {
  name: 'id',
  incident: true,
  description: {
    en: 'incident id like INC-20261122-001; may be left out when exactly one incident is open',
    'zh-CN': '故障编号，如 INC-20261122-001；只有一个进行中的故障时可省略',
  },
};

/** Severity argument, upper-cased so `p1` works too. */
export const severitySchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(SEVERITIES));

/** Describes valid severities with the manual's names and response times. */
export const severityDescription = {
  en: 'one of P0 (fatal, respond in 5 min), P1 (serious, 15 min), P2 (moderate, 1 h), P3 (minor, 1 day)',
  'zh-CN': 'P0（致命，5 分钟内响应）、P1（严重，15 分钟）、P2（一般，1 小时）、P3（轻微，1 天）之一',
};

/** An incident id given with `--incident` (any case), checked before anything is looked up. */
export const incidentIdSchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(INCIDENT_ID));

/** A non-empty free text, trimmed. */
export const textSchema = z.string().trim().min(1).max(4000);

/** The view context of an invocation (translation, locale, time zone, now). */
export function viewOf(ctx: CommandContext): ViewContext {
  return { t: ctx.t, locale: ctx.locale, timeZone: ctx.services.timeZone, now: ctx.clock.now() };
}

/** `--incident INC-…`: the incident a diagnostic is recorded on (default: this channel's, or the only open one). */
export const incidentFlag: FlagSpec = {
  name: 'incident',
  description: {
    en: 'the incident (INC-20261122-001) to record on; default: the incident of this channel, or the only open one',
    'zh-CN': '记录到哪个故障（如 INC-20261122-001）；默认：本频道的故障，或唯一进行中的故障',
  },
};
