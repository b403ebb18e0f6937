/** What the DingTalk adapter says (spread into en.ts). */
export const dingtalkEn = {
  'dingtalk.hint': 'I am zhiban, the on-call bot. Send /help (or 帮助) for the list of commands, e.g. @zhiban /check mysql or @zhiban 检查 mysql.',
  'dingtalk.truncated': '… cut here to fit in DingTalk; run the same command with `zhiban exec` to see all of it.',
  'dingtalk.unknownStaff': 'Your DingTalk staff id is {staffId}. Ask an admin to add `dingtalk: {staffId}` to your entry under `users:` in zhiban.yml.',
  'dingtalk.buttonsAsText': 'Reply with a command:',
  'dingtalk.working': '⏳ {user} chose “{label}”; working on it…',
  'dingtalk.staleButton': 'This button no longer does anything: the card has changed since it was shown. Nothing was done.',
  'dingtalk.reviewMore': 'Review draft {id} (revision {revision}): the whole draft, with its timeline and Mermaid chart, is reviews/{file} in zhiban\'s data folder; `/incident export {id} md` shows it.',
} as const;

/** 钉钉适配器的消息（并入 zh-cn.ts）。 */
export const dingtalkZh: Record<keyof typeof dingtalkEn, string> = {
  'dingtalk.hint': '我是值班机器人。发送 /help 或「帮助」查看命令，例如：@值班 检查 mysql',
  'dingtalk.truncated': '……内容过长，已在此截断以适应钉钉；请用 `zhiban exec` 运行同一命令查看全部内容。',
  'dingtalk.unknownStaff': '你的钉钉 staffId 是 {staffId}。请管理员在 zhiban.yml 的 `users:` 中你的条目下加上 `dingtalk: {staffId}`。',
  'dingtalk.buttonsAsText': '回复以下命令之一：',
  'dingtalk.working': '⏳ {user} 选择了「{label}」，处理中……',
  'dingtalk.staleButton': '这个按钮已失效：卡片在显示之后已经变化，未执行任何操作。',
  'dingtalk.reviewMore': '复盘草稿 {id}（第 {revision} 版）：完整草稿（含时间线和 Mermaid 图）在 zhiban 数据目录的 reviews/{file}；发送 `/incident export {id} md` 查看。',
};
