/** English messages of input bounds and of approvals' edge cases (issue 9); spread into en.ts. */
export const hardeningEn = {
  'input.tooLong': 'That command is {length} characters long; zhiban reads at most {max}. Shorten it, or put long text in a file and give its name.',
  'approval.resolvedSince': '{incident} was resolved after {id} was requested, so the request ended with the incident and will not run; ask again if it is still needed.',
  'approval.unrecorded':
    '{id} has run ({state}): {result}. zhiban could not record the outcome ({code}, reference {ref}); do NOT run it again. The request is reconciled when the data folder accepts writes again (free space, see /check disk).',
} as const;

/** 简体中文：输入上限与审批边界情况的消息（issue 9）；展开到 zh-cn.ts。 */
export const hardeningZh: Record<keyof typeof hardeningEn, string> = {
  'input.tooLong': '该命令长 {length} 个字符，zhiban 最多读取 {max} 个。请缩短，或把长文本放进文件并给出文件名。',
  'approval.resolvedSince': '{id} 申请之后 {incident} 已被解决，该申请随故障一起结束，不会执行；如仍需要请重新申请。',
  'approval.unrecorded':
    '{id} 已执行（{state}）：{result}。zhiban 无法记录执行结果（{code}，参考编号 {ref}）；请勿再次执行。数据目录恢复可写后（释放空间，见 /check disk）会自动补记该申请。',
};
