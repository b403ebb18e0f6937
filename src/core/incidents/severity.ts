import type { Localized } from '../i18n/index.js';

/** Severity levels of the fault manual (1.1 故障级别). */
export const SEVERITIES = ['P0', 'P1', 'P2', 'P3'] as const;
/** One severity level; P0 is the worst. */
export type Severity = (typeof SEVERITIES)[number];

const MINUTE = 60_000;

/** Name, definition and response time of each level, as the manual states them. */
export const SEVERITY_INFO: Record<Severity, { name: Localized; meaning: Localized; responseMs: number }> = {
  P0: { name: { en: 'fatal', 'zh-CN': '致命' }, meaning: { en: 'system completely unavailable', 'zh-CN': '系统完全不可用' }, responseMs: 5 * MINUTE },
  P1: { name: { en: 'serious', 'zh-CN': '严重' }, meaning: { en: 'core function failing', 'zh-CN': '核心功能失效' }, responseMs: 15 * MINUTE },
  P2: { name: { en: 'moderate', 'zh-CN': '一般' }, meaning: { en: 'secondary function impaired', 'zh-CN': '次要功能异常' }, responseMs: 60 * MINUTE },
  P3: { name: { en: 'minor', 'zh-CN': '轻微' }, meaning: { en: 'degraded performance / small issue', 'zh-CN': '性能下降/小问题' }, responseMs: 24 * 60 * MINUTE },
};

/** True for a valid severity (case-insensitive input must be upper-cased first). */
export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

/** Lower number = more severe; used to tell an escalation from a downgrade. */
export function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
