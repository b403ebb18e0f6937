import { randomBytes } from 'node:crypto';
import type { CommandContext } from '../command.js';
import { UserError } from '../errors.js';
import { isOpen, type Incident } from '../incidents/model.js';
import { allows } from '../roles.js';
import { overall } from '../verdict.js';
import { CHECK_EVENT, type ProbeResult } from './model.js';

/** Evidence kept per result on the timeline (the full text was shown in chat). */
const DETAIL_KEPT = 2000;

/** Where a diagnostic's evidence goes. `lookup` runs while the probes run and never rejects. */
export interface Evidence {
  /** False when the asker may not write to a timeline (viewers, unknown people): nothing is recorded. */
  mayRecord: boolean;
  lookup: Promise<{ incident?: Incident; error?: unknown }>;
}

/**
 * Starts finding the incident a diagnostic belongs to without holding up the probes: the one
 * named with `--incident`, else the open incident declared in this channel, else the only open
 * one (none when that is ambiguous). Recording is a write: a named incident needs the responder
 * role and must be open, refused here before anything runs; without a name, a viewer's result
 * is simply not recorded.
 */
export async function startEvidence(ctx: CommandContext, named: string | undefined): Promise<Evidence> {
  const mayRecord = allows(ctx.user.roles, ['responder']);
  if (named) {
    if (!mayRecord) throw new UserError('evidence.needsResponder', { id: named, user: ctx.user.id, held: ctx.user.roles.join(', ') || '—' });
    const incident = await ctx.services.incidents.get(named);
    if (!isOpen(incident)) throw new UserError('evidence.resolved', { id: incident.id });
    return { mayRecord, lookup: Promise.resolve({ incident }) };
  }
  if (!mayRecord) return { mayRecord, lookup: Promise.resolve({}) };
  const lookup = incidentForEvidence(ctx, undefined).then(
    (incident) => (incident ? { incident } : {}),
    (error: unknown) => ({ error }),
  );
  return { mayRecord, lookup };
}

/**
 * The incident a command about "this incident" means: the one named with `--incident`, else the
 * open incident declared in this channel, else the only open incident; none when that is ambiguous.
 */
export async function incidentForEvidence(ctx: CommandContext, named: string | undefined): Promise<Incident | undefined> {
  if (named) return ctx.services.incidents.get(named);
  const open = (await ctx.services.incidents.list()).filter(isOpen);
  const here = open.filter((i) => i.channel === ctx.invocation.channel && i.platform === ctx.invocation.platform);
  if (here.length === 1) return here[0];
  return open.length === 1 ? open[0] : undefined;
}

/**
 * Appends `type`/`data` to the evidence incident's timeline (already redacted, bounded), durable
 * before the reply is sent, and returns the footer line for the reply; undefined when there was
 * no incident to record on. A failure to record never loses the result: it is logged and the
 * footer says plainly that the result shown was not recorded.
 */
export async function recordOn(ctx: CommandContext, evidence: Evidence, type: string, data: Record<string, unknown>): Promise<string | undefined> {
  if (!evidence.mayRecord) return ctx.t('evidence.viewerNotRecorded');
  const { incident, error } = await evidence.lookup;
  const failed = (id: string, err: unknown): string => {
    const ref = randomBytes(4).toString('hex');
    const e = err as { code?: unknown; message?: unknown };
    ctx.logger.error('evidence not recorded', { ref, incident: id, type, error: String(e?.message ?? err), code: e?.code });
    return ctx.t('evidence.failed', { id, ref, reason: typeof e?.code === 'string' ? e.code : String(e?.message ?? err).slice(0, 120) });
  };
  if (error !== undefined) return failed('?', error);
  if (!incident) return undefined;
  try {
    await ctx.services.incidents.record(ctx.user.id, incident.id, type, data);
  } catch (err) {
    return failed(incident.id, err);
  }
  return ctx.t('check.recorded', { id: incident.id });
}

/** The timeline data of a diagnostic's results (a `check.result` event): non-ok findings, detail bounded. */
export function evidenceData(command: string, results: readonly ProbeResult[]): Record<string, unknown> {
  return {
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
  };
}

/** Records the results of a diagnostic as evidence (see recordOn); the footer says where they went. */
export async function recordEvidence(ctx: CommandContext, evidence: Evidence, command: string, results: readonly ProbeResult[]): Promise<string> {
  const footer = await recordOn(ctx, evidence, CHECK_EVENT, evidenceData(command, results));
  return footer ?? ctx.t('check.notRecorded');
}
