import type { Severity } from '../incidents/severity.js';
import { PAGE_CHANNELS, type PagingConfig, type Policy } from './config.js';

/**
 * The manual's paging (1.1 response times, 3.2 notify, 4.1 contacts): P0 pages levels 1–3 at
 * once on every channel and repeats every 5 min until acknowledged; P1 pages level 1, level 2
 * after 15 min and level 3 after 30; P2 pages level 1 by chat only and level 2 after an hour;
 * P3 only posts in the incident's channel.
 */
export const DEFAULT_POLICIES: Record<Severity, Policy> = {
  P0: { steps: [{ afterMinutes: 0, levels: [1, 2, 3] }], repeatMinutes: 5, channels: [...PAGE_CHANNELS], post: true },
  P1: {
    steps: [
      { afterMinutes: 0, levels: [1] },
      { afterMinutes: 15, levels: [2] },
      { afterMinutes: 30, levels: [3] },
    ],
    channels: [...PAGE_CHANNELS],
    post: true,
  },
  P2: {
    steps: [
      { afterMinutes: 0, levels: [1] },
      { afterMinutes: 60, levels: [2] },
    ],
    channels: ['chat', 'dingtalk'],
    post: true,
  },
  P3: { steps: [], channels: ['chat'], post: true },
};

/** The policy of `severity`: the configured one, else the manual's default. */
export function policyFor(config: Pick<PagingConfig, 'policies'>, severity: Severity): Policy {
  return config.policies[severity] ?? DEFAULT_POLICIES[severity];
}
