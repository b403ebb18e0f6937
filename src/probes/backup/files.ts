import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One backup file as the folder lists it. */
export interface BackupFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

/** Most directory entries a location is listed for: a folder with more is reported as such. */
export const MAX_ENTRIES = 100_000;

/**
 * Whether `name` matches a glob with `*` (any run of characters) and `?` (one character); nothing
 * else is special. Linear in practice (at most O(name × pattern)), with no regular expression: a
 * pattern with many `*` cannot backtrack for seconds on a long name and stall the process.
 */
export function globMatch(pattern: string, name: string): boolean {
  const p = [...pattern];
  const n = [...name];
  let pi = 0;
  let ni = 0;
  let star = -1;
  let mark = 0;
  while (ni < n.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === n[ni]))) {
      pi++;
      ni++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ni;
    } else if (star >= 0) {
      pi = star + 1;
      ni = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * The regular files of `dir` whose names match `pattern`, newest first (by modification time,
 * then name). Symbolic links are followed; anything that is not a regular file is ignored.
 */
export async function matchingFiles(dir: string, pattern: string, names: string[]): Promise<BackupFile[]> {
  const files: BackupFile[] = [];
  for (const name of names.filter((n) => globMatch(pattern, n))) {
    const path = join(dir, name);
    const st = await stat(path).catch(() => undefined);
    if (st?.isFile()) files.push({ name, path, size: st.size, mtimeMs: st.mtimeMs });
  }
  return files.sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));
}

/** The entry names of `dir`, at most MAX_ENTRIES (`cut` says there were more). */
export async function listFolder(dir: string): Promise<{ names: string[]; cut: boolean }> {
  const names: string[] = [];
  for await (const entry of await opendir(dir)) {
    if (names.length >= MAX_ENTRIES) return { names, cut: true };
    names.push(entry.name);
  }
  return { names, cut: false };
}
