import type { Platform } from './invocation.js';
import type { Role } from './roles.js';

/** A person as zhiban knows them. `known` is false for someone not in the config's user list. */
export interface ZhibanUser {
  id: string;
  name: string;
  roles: Role[];
  known: boolean;
  slack?: string;
  dingtalk?: string;
  /** Phone and email (for pages to whoever a rotation resolves to). */
  phone?: string;
  email?: string;
}

/** A configured user entry (the shape the config schema produces). */
export interface UserEntry {
  id: string;
  name?: string | undefined;
  roles: Role[];
  slack?: string | undefined;
  dingtalk?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/**
 * Maps platform identities to zhiban users. Lookups are exact (case-insensitive for ids);
 * somebody unknown gets the roles configured for unknown users (read-only by default),
 * never the roles of a configured user.
 */
export class Directory {
  private readonly byId = new Map<string, UserEntry>();

  constructor(
    users: readonly UserEntry[],
    private readonly unknownRoles: readonly Role[] = ['viewer'],
  ) {
    for (const u of users) this.byId.set(u.id.toLowerCase(), u);
  }

  /** All configured users, in config order. */
  all(): ZhibanUser[] {
    return [...this.byId.values()].map((u) => this.toUser(u));
  }

  /** The configured user with this zhiban id, or undefined. */
  get(id: string): ZhibanUser | undefined {
    const u = this.byId.get(id.toLowerCase());
    return u ? this.toUser(u) : undefined;
  }

  /** Resolves the person behind a platform identity (console: the zhiban id itself). */
  resolve(platform: Platform, platformId: string, displayName?: string): ZhibanUser {
    const entry = this.find(platform, platformId);
    if (entry) return this.toUser(entry);
    const id = platform === 'console' ? platformId : `${platform}:${platformId}`;
    return { id, name: displayName ?? platformId, roles: [...this.unknownRoles], known: false };
  }

  private find(platform: Platform, platformId: string): UserEntry | undefined {
    if (platform === 'console') return this.byId.get(platformId.toLowerCase());
    for (const u of this.byId.values()) {
      if (platform === 'slack' && u.slack === platformId) return u;
      if (platform === 'dingtalk' && u.dingtalk === platformId) return u;
    }
    return undefined;
  }

  private toUser(u: UserEntry): ZhibanUser {
    return {
      id: u.id,
      name: u.name ?? u.id,
      roles: [...u.roles],
      known: true,
      ...(u.slack ? { slack: u.slack } : {}),
      ...(u.dingtalk ? { dingtalk: u.dingtalk } : {}),
      ...(u.phone ? { phone: u.phone } : {}),
      ...(u.email ? { email: u.email } : {}),
    };
  }
}
