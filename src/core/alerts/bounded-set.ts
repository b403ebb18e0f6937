/** How many fingerprints a set of the alert summary lists; past it only the count grows. */
export const ALERT_LIST_MAX = 50;

/**
 * A set of fingerprints kept in bounded space: `count` members, of which `first` lists up to
 * ALERT_LIST_MAX. While `first.length === count` the list is the whole set and membership is
 * exact; past it, whether an unlisted fingerprint is a member comes from the event's hint
 * (the intake's group record: exact for firing; for `seen`, an alert the record had to forget,
 * past its 1,000 alerts or quiet past the flapping window, counts again if it is noted again).
 */
export interface BoundedSet {
  count: number;
  first: string[];
}

/** The empty set. */
export function emptyTally(): BoundedSet {
  return { count: 0, first: [] };
}

/** A set in today's form: a plain list (a summary stored by an earlier version) is read as the whole set, cut to the bound. */
export function countOf(s: string[] | BoundedSet): BoundedSet {
  return Array.isArray(s) ? { count: s.length, first: s.slice(0, ALERT_LIST_MAX) } : s;
}

/**
 * `s` with `fp` in it. An unlisted fingerprint is new when the list is the whole set; otherwise
 * `wasMember` (the intake's knowledge) decides, and without it the fingerprint counts as new.
 */
export function addTo(s: BoundedSet, fp: string, wasMember: boolean | undefined): BoundedSet {
  if (s.first.includes(fp)) return s;
  const whole = s.first.length === s.count;
  if (!whole && wasMember === true) return s;
  return { count: s.count + 1, first: whole && s.first.length < ALERT_LIST_MAX ? [...s.first, fp] : s.first };
}

/** `s` without `fp`. An unlisted fingerprint leaves the count only when `wasMember` says it was one (and the list is not the whole set). */
export function removeFrom(s: BoundedSet, fp: string, wasMember: boolean | undefined): BoundedSet {
  if (s.first.includes(fp)) return { count: s.count - 1, first: s.first.filter((x) => x !== fp) };
  if (s.first.length === s.count || wasMember !== true) return s;
  return { count: Math.max(s.first.length, s.count - 1), first: s.first };
}
