/**
 * Chinese words accepted in place of the main commands, for people who write their runbook in
 * Chinese (`检查 mysql` is `/check mysql`). Platform-neutral: any adapter may expand them.
 */
export const COMMAND_ALIASES: Readonly<Record<string, string>> = {
  检查: 'check',
  诊断: 'diagnose',
  日志: 'logs',
  故障: 'incident declare',
  宣告: 'incident declare',
  批准: 'approve',
  拒绝: 'deny',
  确认: 'ack',
  帮助: 'help',
};

const ALIAS = new RegExp(`^/?(${Object.keys(COMMAND_ALIASES).join('|')})(?=$|\\s|[A-Za-z0-9])\\s*`);

/**
 * The command line with a leading alias replaced by its command (`/检查 mysql`, `检查mysql` and
 * `检查 mysql` all become `check mysql`); any other text is returned trimmed and unchanged. Only
 * the first word is ever replaced, so arguments (titles, reasons) keep every word as typed.
 */
export function expandAlias(text: string): string {
  const trimmed = text.trim();
  const m = ALIAS.exec(trimmed);
  if (!m) return trimmed;
  const rest = trimmed.slice(m[0].length);
  return rest ? `${COMMAND_ALIASES[m[1]!]} ${rest}` : COMMAND_ALIASES[m[1]!]!;
}
