import { formatDuration } from '../core/time.js';
import { cell, section, type ReviewContext } from './md.js';
import type { ReviewSummary } from './summary.js';
import { zoneTime } from './zone.js';

/** A drill's section of the review: scenario, when the fault was injected, detected and reverted, time to detect and to recover. Empty for a real incident. */
export function drillSection(s: ReviewSummary, ctx: ReviewContext): string {
  const d = s.drill;
  if (!d) return '';
  const { t } = ctx.v;
  const when = (at: number | undefined): string => (at === undefined ? t('review.notYet') : zoneTime(at, ctx.v.timeZone, true));
  const dur = (ms: number | undefined): string => (ms === undefined ? t('review.notYet') : formatDuration(ms, ctx.v.locale));
  const rows: Array<[string, string]> = [
    [t('drill.review.scenario'), d.scenario],
    [t('drill.review.injected'), d.injectedAt === undefined ? t('drill.review.tabletop') : when(d.injectedAt)],
    [t('drill.review.detected'), when(d.detectedAt)],
    [t('drill.review.recovered'), when(d.recoveredAt)],
    [t('drill.review.ttd'), dur(d.ttdMs)],
    [t('drill.review.ttr'), dur(d.ttrMs)],
  ];
  return section(t('drill.review.heading')) + `> ${t('drill.review.notice')}\n\n` + rows.map(([a, b]) => `- **${a}**: ${cell(b)}\n`).join('');
}
