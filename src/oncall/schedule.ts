import { UserError } from '../core/errors.js';
import type { RotationLookup } from '../core/paging/contacts.js';
import type { RotationConfig } from './config.js';
import { winning, type Override, type OverrideStore } from './overrides.js';
import { Rotation } from './rotation.js';

/** A stretch of time with one person on duty in a rotation (from the schedule or an override). */
export interface Segment {
  from: number;
  to: number;
  user: string;
  override?: Override;
}

/**
 * Every configured rotation with its overrides: who is on duty at an instant, and the stretches
 * of duty over a time range. Overrides are read from the store on every question, so a change made
 * by another replica (or before a restart) counts at once.
 */
export class Schedules implements RotationLookup {
  readonly rotations: Rotation[];

  constructor(
    config: Record<string, RotationConfig>,
    defaultZone: string,
    readonly overrides: OverrideStore,
  ) {
    this.rotations = Object.entries(config).map(([name, cfg]) => new Rotation(name, cfg, defaultZone));
  }

  /** The rotation called `name` (case-insensitive, its key or title), or a user error listing them. */
  find(name: string): Rotation {
    const q = name.trim().toLowerCase();
    const found = this.rotations.find((r) => r.name.toLowerCase() === q) ?? this.rotations.find((r) => r.config.title?.toLowerCase() === q);
    if (found) return found;
    throw new UserError('oncall.unknownRotation', { name, valid: this.rotations.map((r) => r.name).join(', ') || '—' }, { showUsage: true });
  }

  async onDuty(rotation: string, at: number): Promise<{ user: string; override?: string } | undefined> {
    const r = this.rotations.find((x) => x.name === rotation);
    if (!r || !r.covers(at)) return undefined;
    const o = winning(await this.overrides.list(), r.name, at);
    return o ? { user: o.user, override: o.id } : { user: r.shiftAt(at).member };
  }

  /** Who is on duty in `r` at `at` given `overrides` (restricted hours ignored). */
  who(r: Rotation, overrides: readonly Override[], at: number): Segment {
    const shift = r.shiftAt(at);
    const o = winning(overrides, r.name, at);
    return o ? { from: shift.from, to: shift.to, user: o.user, override: o } : { from: shift.from, to: shift.to, user: shift.member };
  }

  /**
   * The stretches of duty in `r` between `from` and `to`, cut at every hand-off and override
   * edge and merged where the same person stays on by the same right.
   */
  segments(r: Rotation, overrides: readonly Override[], from: number, to: number): Segment[] {
    const cuts = new Set<number>([from, to]);
    for (let b = r.nextHandoff(from); b < to; b = r.nextHandoff(b)) cuts.add(b);
    for (const o of overrides) {
      if (o.rotation !== r.name || o.removed) continue;
      for (const t of [o.from, o.to]) if (t > from && t < to) cuts.add(t);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const out: Segment[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const at = points[i]!;
      const w = this.who(r, overrides, at);
      const last = out.at(-1);
      if (last && last.user === w.user && last.override?.id === w.override?.id) last.to = points[i + 1]!;
      else out.push({ from: at, to: points[i + 1]!, user: w.user, ...(w.override ? { override: w.override } : {}) });
    }
    return out;
  }
}
