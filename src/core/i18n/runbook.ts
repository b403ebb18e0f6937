/** Messages of `/runbook` (the runbook as data). Spread into en.ts / zh-cn.ts. */
export const runbookEn = {
  'runbook.heading': 'Manual {manual} · {title} ({symptom})',
  'runbook.aliases': 'Also called',
  'runbook.checks': 'Checks (/diagnose {symptom} runs them)',
  'runbook.next': 'Next steps',
  'runbook.remediations': 'Suggested remediations (each is a request; it runs after another approver approves):',
  'runbook.noRemediation': 'No remediation is suggested for this symptom.',
  'runbook.manualOnly': '{action} {params} (file it by hand: no command for this action)',
  'runbook.diagnose': 'Run /diagnose {symptom}',
  'runbook.listHeading': 'Runbook: {count} symptoms',
  'runbook.listHint': 'Show one: /runbook <symptom> (an id or alias, e.g. /runbook 502 or /runbook 死锁).',
  'runbook.columns': 'symptom|manual|title|aliases',
  'runbook.unknown': 'Unknown symptom "{symptom}".{hint} Known: {known}.',
  'runbook.didYouMean': ' Did you mean "{word}"?',
} as const;

/** Chinese messages of `/runbook`; the same keys as runbookEn. */
export const runbookZh: Record<keyof typeof runbookEn, string> = {
  'runbook.heading': '手册 {manual} · {title}（{symptom}）',
  'runbook.aliases': '别名',
  'runbook.checks': '检查项（/diagnose {symptom} 会运行）',
  'runbook.next': '下一步',
  'runbook.remediations': '建议的修复操作（每项都是申请，需另一位审批人批准后执行）：',
  'runbook.noRemediation': '该症状没有建议的修复操作。',
  'runbook.manualOnly': '{action} {params}（该操作没有对应命令，请手动申请）',
  'runbook.diagnose': '运行 /diagnose {symptom}',
  'runbook.listHeading': '手册症状：共 {count} 项',
  'runbook.listHint': '查看某一项：/runbook <症状>（id 或别名，如 /runbook 502 或 /runbook 死锁）。',
  'runbook.columns': '症状|手册|标题|别名',
  'runbook.unknown': '未知症状“{symptom}”。{hint}已知：{known}。',
  'runbook.didYouMean': '是否想输入“{word}”？',
};
