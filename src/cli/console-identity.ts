import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/** The console settings identity depends on (`platforms.console`). */
export interface ConsoleIdentitySettings {
  user?: string;
  users?: Record<string, string>;
}

/** The OS account running zhiban, as the kernel knows it (not $USER, which anyone can set per command). */
export interface OsAccount {
  uid: number;
  username: string;
}

/** The OS account of this process. */
export function currentAccount(): OsAccount {
  const info = userInfo();
  return { uid: info.uid, username: info.username };
}

/**
 * The zhiban user the console acts as, derived from the OS account only: the mapping
 * `platforms.console.users` by uid, then by user name; without a mapping `platforms.console.user`;
 * else the OS user name. An account the mapping does not name acts as its OS user name (usually
 * unknown to zhiban, so read-only). Environment variables play no part.
 */
export function consoleUser(settings: ConsoleIdentitySettings | undefined, account: OsAccount): string {
  const users = settings?.users;
  if (users) return users[String(account.uid)] ?? users[account.username] ?? account.username;
  return settings?.user ?? account.username;
}

/** File in the data folder recording whether the console may act as other users on it. */
export const FOLDER_MARKER = 'zhiban-folder.json';

/** Why a config may not use a data folder; undefined when it may. */
export type FolderRefusal = { marker: string };

/**
 * Checks `impersonate` against the mode the data folder `dir` was created with, recording the
 * mode in FOLDER_MARKER when the folder has none yet (a new folder, or one made before markers
 * existed). A folder created without impersonation (or whose marker is damaged) refuses a config
 * that allows it, so a trial config cannot be pointed at production data; the reverse is allowed
 * (stricter). Rejects with the file-system error when the folder cannot be read or created.
 */
export async function checkFolderMode(dir: string, impersonate: boolean, now: number): Promise<FolderRefusal | undefined> {
  const marker = join(dir, FOLDER_MARKER);
  let text: string;
  try {
    text = await readFile(marker, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(marker, `${JSON.stringify({ impersonate, created: new Date(now).toISOString() })}\n`, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return checkFolderMode(dir, impersonate, now);
    }
    return undefined;
  }
  let recorded: unknown;
  try {
    recorded = JSON.parse(text);
  } catch {
    recorded = undefined;
  }
  const allowed = typeof recorded === 'object' && recorded !== null && (recorded as { impersonate?: unknown }).impersonate === true;
  return impersonate && !allowed ? { marker } : undefined;
}
