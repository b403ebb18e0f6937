/** Messages of the paged timeline, damaged incidents and the incident index (English). */
export const incidentStoreEn = {
  'timeline.pageInfo': 'Events {from}–{to} of {total}, newest first (page {page} of {pages}).',
  'timeline.older': 'Older events: /incident timeline {id} --page {next}',
  'timeline.whole': 'The whole timeline: /incident export {id}',
  'timeline.since': 'Only events since {time}.',
  'timeline.noneSince': 'No event of {id} since {time}.',
  'timeline.pastEnd': '{id} has {pages} page(s) of events; page {page} is past the end.',
  'timeline.badSince': '"{since}" is not a time window: use a whole number followed by m, h or d (e.g. 30m, 2h, 7d).',
  'incident.damaged': 'The stored timeline of {id} is damaged ({detail}), so it can be neither shown nor changed; nothing was changed. The operator log says which file and line; restore it from backup or repair that line.',
  'list.damaged': 'Not shown: {ids} — the stored timeline cannot be read; the operator log says which file and line.',
} as const;

/** Messages of the paged timeline, damaged incidents and the incident index (简体中文). */
export const incidentStoreZh: Record<keyof typeof incidentStoreEn, string> = {
  'timeline.pageInfo': '第 {from}–{to} 条，共 {total} 条，最新的在前（第 {page} 页，共 {pages} 页）。',
  'timeline.older': '更早的事件：/incident timeline {id} --page {next}',
  'timeline.whole': '完整时间线：/incident export {id}',
  'timeline.since': '只显示 {time} 以来的事件。',
  'timeline.noneSince': '{id} 自 {time} 以来没有事件。',
  'timeline.pastEnd': '{id} 的事件共 {pages} 页；第 {page} 页超出了范围。',
  'timeline.badSince': '“{since}”不是时间范围：请使用整数加单位 m、h 或 d（例如 30m、2h、7d）。',
  'incident.damaged': '{id} 的时间线存储已损坏（{detail}），无法显示或修改；没有做任何改动。运维日志中写明了是哪个文件的哪一行；请从备份恢复或修复该行。',
  'list.damaged': '未显示：{ids} —— 其时间线存储无法读取；运维日志中写明了是哪个文件的哪一行。',
};
