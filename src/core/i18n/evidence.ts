/** Messages about recording diagnostics as evidence on a timeline. Spread into en.ts / zh-cn.ts. */
export const evidenceEn = {
  'evidence.needsResponder': 'Recording on the timeline of {id} is a change: it needs the role responder ({user} has {held}). Run the check without --incident to only see it.',
  'evidence.resolved': '{id} is resolved and takes no new evidence. Run the check without --incident, or reopen it first (/incident reopen {id}).',
  'evidence.viewerNotRecorded': 'Not recorded on a timeline: recording evidence needs the role responder.',
  'evidence.failed': 'This result could NOT be recorded on the timeline of {id}: zhiban could not write its data folder ({reason}; reference {ref}). The result above is complete.',
} as const;

/** Chinese messages about recording evidence; the same keys as evidenceEn. */
export const evidenceZh: Record<keyof typeof evidenceEn, string> = {
  'evidence.needsResponder': '记录到 {id} 的时间线属于修改操作，需要 responder 角色（{user} 的角色：{held}）。去掉 --incident 即可只查看结果。',
  'evidence.resolved': '{id} 已解决，不再接收新的证据。请去掉 --incident 运行检查，或先重新打开（/incident reopen {id}）。',
  'evidence.viewerNotRecorded': '未记录到时间线：记录证据需要 responder 角色。',
  'evidence.failed': '本次结果未能记录到 {id} 的时间线：zhiban 无法写入数据目录（{reason}；参考编号 {ref}）。上面的结果是完整的。',
};
