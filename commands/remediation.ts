import type { CommandContext, FlagSpec } from '../src/core/command.js';
import { requestCard } from '../src/core/approvals/view.js';
import { incidentForEvidence } from '../src/core/checks/record.js';
import { UserError } from '../src/core/errors.js';
import { isOpen } from '../src/core/incidents/model.js';
import type { Reply } from '../src/core/reply.js';
import { viewOf } from './incident/shared.js';

/** `--reason text`: why the remediation is needed (shown to approvers, kept on the timeline). */
export const reasonFlag: FlagSpec = {
  name: 'reason',
  description: { en: 'why it is needed, for the approvers', 'zh-CN': '申请原因，供审批人参考' },
};

/**
 * Files a remediation request on the incident this channel is about (or `--incident`): the action
 * prepares a preview of exactly what would happen, nothing runs until someone else approves.
 */
export async function requestRemediation(
  ctx: CommandContext,
  kind: string,
  params: Record<string, unknown>,
  flags: { incident?: string | undefined; reason?: string | undefined },
): Promise<Reply> {
  const incident = await incidentForEvidence(ctx, flags.incident);
  if (!incident || !isOpen(incident)) throw new UserError('approval.needIncident', {}, { showUsage: true });
  const req = await ctx.services.approvals.request(ctx.user, incident, kind, params, flags.reason);
  return requestCard(viewOf(ctx), req);
}
