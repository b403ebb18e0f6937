import { z } from 'zod';

/** A target name shown as `<family> <name>`: lowercase letters, digits and dashes, at most 40. */
export const targetSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes');

/** A config list of named entries: empty when missing, every `name` unique (`what` names the entries in the message). */
export function uniqueNamedList<T extends z.ZodType<{ name: string }>>(item: T, what: string) {
  return z
    .array(item)
    .default([])
    .refine((xs) => new Set(xs.map((x) => x.name)).size === xs.length, `${what} names must be unique`);
}
