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
  /** A rotation under `rotations:`: the row pages whoever is on duty in it at page time. */
  rotation?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  slack?: string | undefined;
  dingtalk?: string | undefined;
  locale?: Locale | undefined;
  severities: Severity[];
  level: number;
}

/**
 * Who is on duty in a rotation at an instant (implemented outside core, where time zones live):
 * the user id, and the override that put them there if any; `undefined` when the rotation names
 * nobody then (outside its restricted hours).
 */
export interface RotationLookup {
  onDuty(rotation: string, at: number): Promise<{ user: string; override?: string } | undefined>;
}

/**
 * Resolves who is paged, at the moment of paging: the contacts table, where a row naming a
 * rotation resolves to whoever is on duty in it at `at`. Callers write what it returned on the
 * timeline, so a later change (config, hand-off, override) never alters a running escalation.
 */
export interface ContactResolver {
  /** The people of `level` for `severity`, at time `at`. */
  atLevel(severity: Severity, level: number, at: number): Promise<PageTarget[]>;
  /** People matching a contact role, title, name, user id or rotation (case-insensitive), at time `at`. */
  find(query: string, at: number): Promise<PageTarget[]>;
  /** Every contact at time `at` (for `/paging test` and error messages). */
  all(at: number): Promise<PageTarget[]>;
}

type Person = PageTarget & { severities: Severity[]; role?: string };

/**
 * The contacts table of the config, with Slack/DingTalk ids (and, for rotation rows, phone and
 * email) filled in from the user each row names or the rotation resolves to.
 */
export class ContactsTable implements ContactResolver {
  constructor(
    private readonly rows: readonly ContactRow[],
    private readonly directory: Directory,
    private readonly defaultLocale: Locale,
    private readonly rotations?: RotationLookup,
  ) {}

  async atLevel(severity: Severity, level: number, at: number): Promise<PageTarget[]> {
    return (await this.people(at)).filter((p) => p.level === level && p.severities.includes(severity)).map(strip);
  }

  async find(query: string, at: number): Promise<PageTarget[]> {
    const q = query.trim().toLowerCase();
    return (await this.people(at)).filter((p) => [p.role, p.user, p.name, p.title, p.key, p.rotation].some((v) => v?.toLowerCase() === q)).map(strip);
  }

  async all(at: number): Promise<PageTarget[]> {
    return (await this.people(at)).map(strip);
  }

  private async people(at: number): Promise<Person[]> {
    const out: Person[] = [];
    for (const [i, r] of this.rows.entries()) {
      const duty = r.rotation ? await this.rotations?.onDuty(r.rotation, at) : undefined;
      if (r.rotation && !duty) continue;
      const user = duty ? this.directory.get(duty.user) : r.user ? this.directory.get(r.user) : undefined;
      const target: Person = {
        key: (user?.id ?? `c${i + 1}`).replace(/[^A-Za-z0-9_-]/g, '_'),
        name: duty ? (user?.name ?? duty.user) : r.name,
        level: r.level,
        locale: r.locale ?? this.defaultLocale,
        severities: r.severities,
      };
      const optional = {
        title: r.title, role: r.role, user: user?.id ?? duty?.user, phone: r.phone ?? user?.phone, email: r.email ?? user?.email,
        slack: r.slack ?? user?.slack, dingtalk: r.dingtalk ?? user?.dingtalk, rotation: r.rotation, override: duty?.override,
      };
      for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(target, { [k]: v });
      out.push(target);
    }
    return out;
  }
}

function strip(p: Person): PageTarget {
  const { severities: _s, role: _r, ...target } = p;
  return target;
}
