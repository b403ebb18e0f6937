/** Messages of the checks and remediations of the manual's later sections (TLS, backups, MQ, cleanup). Spread into en.ts / zh-cn.ts. */
export const manualChecksEn = {
  'check.unknownNamed': 'No {target} target "{name}". Configured: {known} ({section} in zhiban.yml).',
} as const;

/** Chinese messages of the later manual sections; the same keys as manualChecksEn. */
export const manualChecksZh: Record<keyof typeof manualChecksEn, string> = {
  'check.unknownNamed': '没有名为“{name}”的 {target} 目标。已配置：{known}（zhiban.yml 的 {section}）。',
};
