import type { CommandContext } from '../command.js';
import { isOpen, type Incident } from '../incidents/model.js';
import { CHECK_EVENT, type ProbeResult } from './model.js';
import { overall } from '../verdict.js';
/** Evidence kept per result on the timeline (the full text was shown in chat). */
const DETAIL_KEPT = 2000;

/**
 * The incident a diagnostic belongs to: the one named with `--incident`, else the open incident
 * declared in this channel, else the only open incident; none when that is ambiguous.
 */
export async function incidentForEvidence(ctx: CommandContext, named: string | undefined): Promise<Incident | undefined> {
  if (named) return ctx.services.incidents.get(named);
  const open = (await ctx.services.incidents.list()).filter(isOpen);
  const here = open.filter((i) => i.channel === ctx.invocation.channel && i.platform === ctx.invocation.platform);
  if (here.length === 1) return here[0];
  return open.length === 1 ? open[0] : undefined;
}

/**
 * Appends the results of a diagnostic to an incident's timeline as evidence (already redacted,
 * bounded), durable before the reply is sent. Returns the footer line for the reply.
 */
export async function recordEvidence(ctx: CommandContext, incident: Incident | undefined, command: string, results: readonly ProbeResult[]): Promise<string> {
  if (!incident) return ctx.t('check.notRecorded');
  await ctx.services.incidents.record(ctx.user.id, incident.id, CHECK_EVENT, {
    command,
    verdict: overall(results),
    results: results.map((r) => ({
      probe: r.probe,
      target: r.target,
      verdict: r.verdict,
      summary: r.summary,
      findings: r.findings.filter((f) => f.verdict !== 'ok'),
      ...(r.detail ? { detail: r.detail.slice(0, DETAIL_KEPT) } : {}),
      durationMs: r.durationMs,
    })),
  });
  return ctx.t('check.recorded', { id: incident.id });
}
