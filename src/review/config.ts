import { z } from 'zod';

/** `review:` in zhiban.yml — the post-incident review (复盘). Every key is optional. */
export const reviewConfigSchema = z
  .strictObject({
    /** Write the review draft and JSON export to `<dataDir>/reviews/` when an incident is resolved. */
    autoExport: z.boolean().default(true),
    /** Slack reaction that pins a message of the incident channel to the timeline (name without colons). */
    pinEmoji: z
      .string()
      .regex(/^[a-z0-9_+'-]{1,100}$/, 'an emoji name without colons, e.g. pushpin')
      .default('pushpin'),
    /** Link to a manual section in the review; `{section}` is replaced by its number, e.g. https://wiki.example.com/ops#{section}. */
    manualUrl: z.string().url().refine((u) => u.includes('{section}'), 'must contain {section}').optional(),
  })
  .prefault({});

/** The validated `review:` section. */
export type ReviewConfig = z.infer<typeof reviewConfigSchema>;
