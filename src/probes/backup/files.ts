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

/** A glob with `*` (any run of characters) and `?` (one character) as an anchored regular expression; nothing else is special. */
export function globRegex(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

/**
 * The regular files of `dir` whose names match `pattern`, newest first (by modification time,
 * then name). Symbolic links are followed; anything that is not a regular file is ignored.
 */
export async function matchingFiles(dir: string, pattern: string, names: string[]): Promise<BackupFile[]> {
  const re = globRegex(pattern);
  const files: BackupFile[] = [];
  for (const name of names.filter((n) => re.test(n))) {
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
