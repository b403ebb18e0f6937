import type { Locale } from '../i18n/index.js';
import type { Severity } from '../incidents/severity.js';
import type { Directory } from '../users.js';
import type { PageTarget } from './model.js';

/** A contacts-table row as the config schema produces it. */
export interface ContactRow {
  name: string;
  title?: string | undefined;
  role?: string | undefined;
  user?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  slack?: string | undefined;
  dingtalk?: string | undefined;
  locale?: Locale | undefined;
  severities: Severity[];
  level: number;
}

/**
 * Resolves who is paged, at the moment of paging. Today it reads the contacts table; an on-call
 * rotation (issue 17) plugs in here by resolving a row to whoever is on duty at `at`. Callers
 * write what it returned on the timeline, so a later change never alters a running escalation.
 */
export interface ContactResolver {
  /** The people of `level` for `severity`, at time `at`. */
  atLevel(severity: Severity, level: number, at: number): PageTarget[];
  /** People matching a contact role, title, name or user id (case-insensitive), at time `at`. */
  find(query: string, at: number): PageTarget[];
  /** Every contact (for `/paging test` and error messages). */
  all(at: number): PageTarget[];
}

/** The contacts table of the config, with Slack/DingTalk ids filled in from the user each row names. */
export class ContactsTable implements ContactResolver {
  private readonly people: Array<PageTarget & { severities: Severity[]; role?: string }>;

  constructor(rows: readonly ContactRow[], directory: Directory, defaultLocale: Locale) {
    this.people = rows.map((r, i) => {
      const user = r.user ? directory.get(r.user) : undefined;
      const target: PageTarget & { severities: Severity[]; role?: string } = {
        key: (user?.id ?? `c${i + 1}`).replace(/[^A-Za-z0-9_-]/g, '_'),
        name: r.name,
        level: r.level,
        locale: r.locale ?? defaultLocale,
        severities: r.severities,
      };
      const optional = { title: r.title, role: r.role, user: user?.id, phone: r.phone, email: r.email, slack: r.slack ?? user?.slack, dingtalk: r.dingtalk ?? user?.dingtalk };
      for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(target, { [k]: v });
      return target;
    });
  }

  atLevel(severity: Severity, level: number): PageTarget[] {
    return this.people.filter((p) => p.level === level && p.severities.includes(severity)).map(strip);
  }

  find(query: string): PageTarget[] {
    const q = query.trim().toLowerCase();
    return this.people.filter((p) => [p.role, p.user, p.name, p.title, p.key].some((v) => v?.toLowerCase() === q)).map(strip);
  }

  all(): PageTarget[] {
    return this.people.map(strip);
  }
}

function strip(p: PageTarget & { severities?: Severity[]; role?: string }): PageTarget {
  const { severities: _s, role: _r, ...target } = p;
  return target;
}
