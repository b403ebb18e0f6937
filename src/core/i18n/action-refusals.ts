/**
 * Refusals of remediation requests at request time (preview): shown to the requester, never stored,
 * so they are catalogue keys (`{failure}` and `{hint}` are bilingual texts from probes and parameter hints).
 */
export const actionRefusalsEn = {
  'action.unknownParams': 'unknown parameter(s) {unknown}; known: {known}',
  'action.missingParam': 'missing parameter {name}: {hint}',
  'action.invalidParam': 'invalid {name} "{given}": {hint}',
  'action.mysqlThreadsUnreadable': 'could not read the threads of MySQL {server}: {failure}',
  'action.noSuchThread': 'no thread {id} on MySQL {server}: it may have ended; /check mysql lists the running statements',
  'action.redisUncountable': 'could not count the keys in Redis: {failure}',
  'action.tooManyKeys': 'too many keys (more than {max}) match "{pattern}": narrow the pattern',
  'action.noKeys': 'no key matches "{pattern}": nothing to delete',
  'action.dockerUnreadable': 'could not look at the Docker engine: {failure}',
  'action.noContainers': '{service} has no containers: nothing to restart',
  'action.noSuchContainer': '{service} has no container "{container}"; its containers: {names}',
  'action.previewFailed': 'could not run the preview of {action}: {failure}',
  'action.previewEmpty': 'nothing to change: the preview of {action} finds no rows for {args}',
  'action.previewTooMany': 'the preview of {action} finds {rows} rows for {args}, more than the {max} this action may change',
} as const;

/** 简体中文：修复操作在请求（预览）时的拒绝提示。 */
export const actionRefusalsZh: Record<keyof typeof actionRefusalsEn, string> = {
  'action.unknownParams': '未知参数 {unknown}；可用参数：{known}',
  'action.missingParam': '缺少参数 {name}：{hint}',
  'action.invalidParam': '参数 {name} 的值“{given}”无效：{hint}',
  'action.mysqlThreadsUnreadable': '无法读取 MySQL {server} 的线程：{failure}',
  'action.noSuchThread': 'MySQL {server} 上没有线程 {id}：它可能已结束；/check mysql 会列出正在运行的语句',
  'action.redisUncountable': '无法统计 Redis 中的键：{failure}',
  'action.tooManyKeys': '匹配“{pattern}”的键过多（超过 {max} 个）：请缩小匹配范围',
  'action.noKeys': '没有键匹配“{pattern}”：无可删除',
  'action.dockerUnreadable': '无法查看 Docker 引擎：{failure}',
  'action.noContainers': '{service} 没有任何容器：无可重启',
  'action.noSuchContainer': '{service} 中没有容器“{container}”；其容器有：{names}',
  'action.previewFailed': '无法运行 {action} 的预览：{failure}',
  'action.previewEmpty': '无需更改：{action} 的预览在 {args} 下没有找到任何行',
  'action.previewTooMany': '{action} 的预览在 {args} 下找到 {rows} 行，超过该操作允许更改的 {max} 行',
};
