/** The file name of a record: `<id>.json`. */
export const RECORD_SUFFIX = '.json';

const UNTIL = '.until-';

/**
 * A folder in `records/<kind>/` saying that every record file there that expires has its expiry
 * marker (made by this version for a new kind, or after the one-time scan of a kind written by
 * an earlier version, see FileRecords).
 */
export const MARKERS_COMPLETE = '.markers-v1';

/** The name of the empty file marking that the record `id` expires at `expiresAt`: `<id>.until-<expiresAt>`. */
export function expiryMarker(id: string, expiresAt: number): string {
  return `${id}${UNTIL}${expiresAt}`;
}

/** What the names in one `records/<kind>/` folder tell without opening a file. */
export interface KindNames {
  /** Ids that have a record file, sorted. */
  ids: string[];
  /** The expiry markers per id (a record that expires has exactly its own among them; crashes may leave stale ones). */
  expiries: Map<string, number[]>;
  /** True when the folder says every expiring record has its marker (MARKERS_COMPLETE). */
  complete: boolean;
}

/** Sorts the names of a `records/<kind>/` folder into record ids and expiry markers; lock and temp files are left out. */
export function parseKindNames(names: readonly string[]): KindNames {
  const ids: string[] = [];
  const expiries = new Map<string, number[]>();
  for (const name of names) {
    if (name.endsWith(RECORD_SUFFIX)) {
      ids.push(name.slice(0, -RECORD_SUFFIX.length));
      continue;
    }
    const at = name.lastIndexOf(UNTIL);
    const expiresAt = at > 0 ? Number(name.slice(at + UNTIL.length)) : Number.NaN;
    if (!Number.isFinite(expiresAt)) continue;
    const id = name.slice(0, at);
    expiries.set(id, [...(expiries.get(id) ?? []), expiresAt]);
  }
  return { ids: ids.sort(), expiries, complete: names.includes(MARKERS_COMPLETE) };
}

/**
 * Whether a record is live at `now` judging by its markers alone (in a complete folder): no
 * marker, or only markers still in the future, means live; otherwise (an expired marker, which
 * may be stale) only reading the record tells.
 */
export function liveByName(expiries: readonly number[] | undefined, now: number): boolean | undefined {
  return expiries === undefined || expiries.every((e) => e > now) ? true : undefined;
}
