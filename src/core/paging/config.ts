import { z } from 'zod';
import { SEVERITIES } from '../incidents/severity.js';

/** Channels a page can go out on; `chat` is a direct message on the chat platforms (Slack DM). */
export const PAGE_CHANNELS = ['chat', 'dingtalk', 'webhook'] as const;
/** One page channel. */
export type PageChannel = (typeof PAGE_CHANNELS)[number];

const step = z.strictObject({
  /** Minutes after paging started. */
  afterMinutes: z.number().min(0).max(7 * 24 * 60),
  /** Levels of the contacts table paged at this step. */
  levels: z.array(z.number().int().min(1).max(5)).min(1),
});

/** How one severity pages: steps of levels over time, an optional repeat, the channels, and a channel post. */
export const policySchema = z.strictObject({
  steps: z.array(step).default([]),
  /** Page everyone paged so far again every N minutes until somebody acknowledges. */
  repeatMinutes: z.number().min(1).max(24 * 60).optional(),
  channels: z.array(z.enum(PAGE_CHANNELS)).min(1).default([...PAGE_CHANNELS]),
  /** Post in the incident's channel (with mentions of the people paged). */
  post: z.boolean().default(true),
});

/** A paging policy after defaults. */
export type Policy = z.infer<typeof policySchema>;

const signedEndpoint = z.strictObject({
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  perMinute: z.number().int().min(1).max(10_000).optional(),
});

/** A person or organisation outside the team (manual 4.2): shown on P0/P1 cards and in /paging, never paged. */
export const externalContactSchema = z.strictObject({
  name: z.string().min(1),
  role: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  note: z.string().min(1).optional(),
});

/** `paging:` in zhiban.yml. Every key is optional; the policies default to the manual's. */
export const pagingConfigSchema = z.strictObject({
  dingtalkRobot: signedEndpoint.extend({ webhook: z.string().url(), secret: z.string().min(1).optional(), perMinute: z.number().int().min(1).max(20).default(20) }).optional(),
  webhook: signedEndpoint.extend({ url: z.string().url(), secret: z.string().min(1) }).optional(),
  /** Attempts per delivery before it counts as failed (the first try included). */
  attempts: z.number().int().min(1).max(10).default(4),
  /** First retry delay; doubles each attempt, with jitter. */
  backoffMs: z.number().int().min(100).max(600_000).default(2_000),
  /** How long an ack link stays valid. */
  ackLinkHours: z.number().min(0.1).max(24 * 7).default(24),
  policies: z.partialRecord(z.enum(SEVERITIES), policySchema).default({}),
  external: z.array(externalContactSchema).default([]),
});

/** The validated `paging:` section. */
export type PagingConfig = z.infer<typeof pagingConfigSchema>;

type Row = Record<string, unknown>;

/**
 * Contacts that no configured channel can reach (checked at start-up). A Slack id (own or via
 * the user) reaches the chat channel; a phone or DingTalk id needs the robot; a phone or email
 * needs the webhook gateway.
 */
export function unreachableContacts(cfg: Row): Array<{ index: number; name: string }> {
  const paging = (cfg.paging && typeof cfg.paging === 'object' ? cfg.paging : {}) as Row;
  const users = Array.isArray(cfg.users) ? (cfg.users as Row[]) : [];
  const contacts = Array.isArray(cfg.contacts) ? (cfg.contacts as Row[]) : [];
  const out: Array<{ index: number; name: string }> = [];
  contacts.forEach((c, index) => {
    if (!c || typeof c !== 'object' || !['phone', 'email', 'slack', 'dingtalk', 'user'].some((k) => c[k] !== undefined)) return;
    const user = users.find((u) => u && typeof c.user === 'string' && String(u.id).toLowerCase() === c.user.toLowerCase());
    const chat = [c.slack, c.dingtalk, user?.slack, user?.dingtalk].some((v) => v !== undefined);
    const robot = paging.dingtalkRobot !== undefined && (c.phone !== undefined || c.dingtalk !== undefined);
    const gateway = paging.webhook !== undefined && (c.phone !== undefined || c.email !== undefined);
    if (!chat && !robot && !gateway) out.push({ index, name: typeof c.name === 'string' ? c.name : `#${index}` });
  });
  return out;
}
