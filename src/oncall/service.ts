import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { OnCallPort, OverrideRequest } from '../core/oncall-port.js';
import { reply, type Reply } from '../core/reply.js';
import type { Directory, ZhibanUser } from '../core/users.js';
import type { ViewContext } from '../core/view-context.js';
import type { HandoffNotes } from './handoff.js';
import type { Override } from './overrides.js';
import { readInstant, zoneLabel, zoneStamp } from './parse-time.js';
import type { Rotation } from './rotation.js';
import type { Schedules, Segment } from './schedule.js';

const WEEK = 7 * 86_400_000;


const DAY_MS = 86_400_000;
/** Longest on-call override: a swap or a cover, not a new rotation. */
const MAX_OVERRIDE_MS = 90 * DAY_MS;
/** How far ahead an override may end (and how far `/oncall` looks for one). */
const MAX_AHEAD_MS = 366 * DAY_MS;
/** `/oncall` behind the core port: answers from the schedules, the overrides on the store and the hand-off notes. */
export class OnCallService implements OnCallPort {
  constructor(
    private readonly schedules: Schedules,
    private readonly notes: HandoffNotes,
    private readonly directory: Directory,
    private readonly clock: Clock,
  ) {}

  async now(v: ViewContext): Promise<Reply> {
    const rotations = this.configured();
    const overrides = await this.schedules.overrides.list();
    const zones = [...new Set(rotations.map((r) => r.zone))];
    const blocks = zones.flatMap((zone) => {
      const lines = rotations.filter((r) => r.zone === zone).map((r) => this.nowLine(v, r, overrides));
      return [{ type: 'text' as const, text: `${v.t('oncall.nowHeading', { zone: zoneLabel(v.now, zone) })}\n${lines.join('\n')}` }];
    });
    return reply(blocks);
  }

  async schedule(v: ViewContext, name: string, weeks: number): Promise<Reply> {
    this.configured();
    const r = this.schedules.find(name);
    const overrides = await this.schedules.overrides.list();
    const from = r.shiftAt(v.now).from;
    const lines = this.schedules.segments(r, overrides, from, from + weeks * WEEK).map((s) => this.segmentLine(v, r, s));
    const blocks = [{ type: 'text' as const, text: v.t('oncall.scheduleHeading', { rotation: r.name, zone: zoneLabel(v.now, r.zone), weeks }) }, { type: 'text' as const, text: lines.join('\n') }];
    if (r.config.restrict) blocks.push({ type: 'text', text: v.t('oncall.restricted', { windows: r.config.restrict.map((w) => `${w.days.join(',')} ${w.from}–${w.to}`).join('; ') }) });
    return reply(blocks);
  }

  async override(v: ViewContext, actor: ZhibanUser, req: OverrideRequest): Promise<Reply> {
    this.configured();
    const [rotationName, who, ...times] = req.words;
    if (!rotationName || !who || times.length === 0) throw new UserError('oncall.overrideMissing', { kind: req.kind }, { showUsage: true });
    const r = this.schedules.find(rotationName);
    const user = this.user(who);
    const from = this.instant(times, r);
    const to = this.instant(times.slice(from.used), r);
    const extra = times.slice(from.used + to.used);
    if (extra.length > 0) throw new UserError('args.unexpected', { value: extra.join(' ') }, { showUsage: true });
    if (to.at <= from.at) throw new UserError('oncall.badRange', { from: zoneStamp(from.at, r.zone, v.locale), to: zoneStamp(to.at, r.zone, v.locale) }, { showUsage: true });
    // Bounded so a typo (2062 for 2026) cannot make every schedule computation walk decades of hand-offs.
    if (to.at - from.at > MAX_OVERRIDE_MS || to.at > this.clock.now() + MAX_AHEAD_MS) {
      throw new UserError('oncall.tooLong', { to: zoneStamp(to.at, r.zone, v.locale), days: MAX_OVERRIDE_MS / DAY_MS, ahead: MAX_AHEAD_MS / DAY_MS }, { showUsage: true });
    }
    const forced = !r.hasMember(user.id);
    if (forced && !req.force) throw new UserError('oncall.notMember', { user: user.id, rotation: r.name, members: r.config.members.join(', ') });
    const all = await this.schedules.overrides.list();
    const replaced = all.filter((o) => o.rotation === r.name && !o.removed && o.from < to.at && from.at < o.to);
    const scheduled = [...new Set(this.schedules.segments(r, [], from.at, to.at).map((s) => this.name(s.user)))].join(', ');
    const o = await this.schedules.overrides.add({
      rotation: r.name, user: user.id, from: from.at, to: to.at, kind: req.kind, by: actor.id, at: this.clock.now(), forced, replaces: replaced.map((x) => x.id), ...(req.reason ? { reason: req.reason } : {}),
    });
    const lines = [v.t('oncall.set', { id: o.id, user: user.name, rotation: r.name, from: zoneStamp(o.from, r.zone, v.locale), to: zoneStamp(o.to, r.zone, v.locale), scheduled })];
    if (forced) lines.push(v.t('oncall.forced', { user: user.id, rotation: r.name }));
    if (replaced.length > 0) lines.push(v.t('oncall.replaced', { list: replaced.map((x) => this.overrideText(v, r, x)).join('; ') }));
    return reply([{ type: 'text', text: lines.join('\n') }], 'success');
  }

  async remove(v: ViewContext, actor: ZhibanUser, id: string): Promise<Reply> {
    this.configured();
    const rec = await this.schedules.overrides.get(id);
    if (!rec) {
      const live = (await this.schedules.overrides.list()).filter((o) => !o.removed).map((o) => o.id);
      throw new UserError('oncall.overrideNotFound', { id, ids: live.join(', ') || '—' }, { showUsage: true });
    }
    const o = rec.value;
    const r = this.schedules.rotations.find((x) => x.name === o.rotation);
    const zone = r?.zone ?? v.timeZone;
    if (o.removed) return reply([{ type: 'text', text: v.t('oncall.alreadyRemoved', { id: o.id, by: o.removed.by, at: zoneStamp(o.removed.at, zone, v.locale) }) }]);
    if (!(await this.schedules.overrides.remove(rec, actor.id, this.clock.now()))) throw new UserError('oncall.changedMeanwhile', { id: o.id });
    return reply([{ type: 'text', text: v.t('oncall.removed', { id: o.id, user: this.name(o.user), rotation: o.rotation, from: zoneStamp(o.from, zone, v.locale), to: zoneStamp(o.to, zone, v.locale) }) }], 'success');
  }

  async handoff(v: ViewContext, name: string | undefined): Promise<Reply> {
    const rotations = name ? [this.schedules.find(name)] : this.configured();
    const blocks = [];
    for (const r of rotations) blocks.push({ type: 'text' as const, text: (await this.notes.note(v.locale, r, r.nextHandoff(v.now))).join('\n') });
    return reply(blocks);
  }

  private configured(): Rotation[] {
    if (this.schedules.rotations.length === 0) throw new UserError('oncall.noRotations');
    return this.schedules.rotations;
  }

  private nowLine(v: ViewContext, r: Rotation, overrides: readonly Override[]): string {
    const ends = overrides.filter((o) => o.rotation === r.name && !o.removed).map((o) => o.to);
    const horizon = Math.min(Math.max(r.nextHandoff(r.nextHandoff(v.now)), ...ends), v.now + MAX_AHEAD_MS);
    const [cur, next] = this.schedules.segments(r, overrides, v.now, horizon + 1);
    const params = { rotation: r.name, user: this.name(cur!.user), until: zoneStamp(cur!.to, r.zone, v.locale), next: next ? this.name(next.user) : '—' };
    const line = v.t(r.covers(v.now) ? 'oncall.nowLine' : 'oncall.offHours', params);
    return cur!.override ? `${line} ${v.t('oncall.byOverride', { id: cur!.override.id, by: cur!.override.by })}` : line;
  }

  private segmentLine(v: ViewContext, r: Rotation, s: Segment): string {
    const line = `${zoneStamp(s.from, r.zone, v.locale)} → ${zoneStamp(s.to, r.zone, v.locale)}  ${this.name(s.user)}`;
    return s.override ? `${line}  ${v.t('oncall.overrideNote', { text: this.overrideText(v, r, s.override) })}` : line;
  }

  private overrideText(v: ViewContext, r: Rotation, o: Override): string {
    const text = v.t('oncall.overrideText', { id: o.id, user: this.name(o.user), from: zoneStamp(o.from, r.zone, v.locale), to: zoneStamp(o.to, r.zone, v.locale), by: o.by, at: zoneStamp(o.at, r.zone, v.locale) });
    return [text, ...(o.reason ? [v.t('oncall.reason', { reason: o.reason })] : []), ...(o.forced ? [v.t('oncall.forcedNote')] : [])].join(', ');
  }

  private instant(words: readonly string[], r: Rotation): { at: number; used: number } {
    const got = readInstant(words, r.zone);
    if ('at' in got) return got;
    const key = got.kind === 'gap' ? 'oncall.gapTime' : 'oncall.badTime';
    throw new UserError(key, { text: got.text || '—', zone: zoneLabel(this.clock.now(), r.zone) }, { showUsage: true });
  }

  private user(query: string): ZhibanUser {
    const q = query.toLowerCase();
    const found = this.directory.get(query) ?? this.directory.all().find((u) => u.name.toLowerCase() === q);
    if (found) return found;
    throw new UserError('user.unknown', { user: query, known: this.directory.all().map((u) => u.id).join(', ') || '—' }, { showUsage: true });
  }

  private name(id: string): string {
    return this.directory.get(id)?.name ?? id;
  }
}
